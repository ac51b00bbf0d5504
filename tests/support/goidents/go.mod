module tracks.test/goidents

go 1.26.0
