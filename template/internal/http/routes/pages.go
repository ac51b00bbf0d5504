package routes

// Pages of the web group.
const (
	Home    = "/"
	About   = "/about"
	Counter = "/counter"
	Contact = "/contact"
)
