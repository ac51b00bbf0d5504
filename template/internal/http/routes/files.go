package routes

// FilesPattern serves stored files at the signed URLs of local storage,
// /files/{key}?exp=&sig=&disp= (storage.Signer makes them). The key is the rest of the path.
const FilesPattern = "/files/*"
