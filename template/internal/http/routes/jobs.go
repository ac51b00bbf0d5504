package routes

// The admin page of the background job queue: GET shows the queue, POST enqueues a job of a
// registered type to run now; a dead job is redriven by a POST of its own.
const (
	AdminJobs       = "/admin/jobs"
	AdminJobRedrive = "/admin/jobs/dead/{jobID}/redrive"

	// ParamJobID is a dead job's id.
	ParamJobID = "jobID"
)

// AdminJobRedrivePath queues the dead job id again.
func AdminJobRedrivePath(id string) string {
	return Build(AdminJobRedrive, ParamJobID, id)
}
