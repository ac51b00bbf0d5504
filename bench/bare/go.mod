module tracks.local/bench/bare

go 1.26.0
