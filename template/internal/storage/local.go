package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

// File and folder modes: the app's user reads and writes, its group (a backup job) reads,
// nobody else gets anything.
const (
	localFileMode = 0o640
	localDirMode  = 0o750
)

// Local keeps objects in a folder on disk. Every access goes through an os.Root, so no key,
// symlink or race can reach a file outside it. Each object's metadata (content type, cache
// control, disposition) lives in a hidden sidecar next to it, .<name>.meta, which List skips;
// writes go to a hidden temporary file that is synced and renamed into place, so a reader
// sees the old object or the new one, never half of one.
//
// Objects and folders share one namespace on disk: "a" and "a/b" cannot both exist, which app
// keys (uploads/<yyyy>/<mm>/<uuid>.<ext>) never need.
type Local struct {
	root   *os.Root
	signer *Signer
	now    func() time.Time
}

// localMeta is the sidecar's content.
type localMeta struct {
	ContentType  string `json:"content_type,omitempty"`
	CacheControl string `json:"cache_control,omitempty"`
	Disposition  string `json:"disposition,omitempty"`
}

// NewLocal opens (creating it if needed) the folder dir. signer makes the download URLs
// SignedURL returns; nil leaves SignedURL failing.
func NewLocal(dir string, signer *Signer) (*Local, error) {
	if err := os.MkdirAll(dir, localDirMode); err != nil {
		return nil, fmt.Errorf("local storage: create %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("local storage: open %s: %w", dir, err)
	}
	return &Local{root: root, signer: signer, now: time.Now}, nil
}

// Close releases the folder's handle.
func (l *Local) Close() error {
	if err := l.root.Close(); err != nil {
		return fmt.Errorf("local storage: close: %w", err)
	}
	return nil
}

// Put stores r under key. When opts.Size is 0 or more, a stream of another length is refused
// and nothing is stored; so is everything a failing reader or a cancelled ctx interrupts.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, opts PutOptions) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	dir := path.Dir(key)
	if err := l.root.MkdirAll(dir, localDirMode); err != nil {
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	meta, err := json.Marshal(localMeta{ContentType: opts.ContentType, CacheControl: opts.CacheControl, Disposition: opts.Disposition})
	if err != nil {
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	// An *os.File (an upload's temp file) is copied as is, so the kernel copies it
	// (copy_file_range) without passing the bytes through the process; it is bounded by the
	// upload cap, so only a stream needs ctx checked between reads.
	src := r
	if _, ok := r.(*os.File); !ok {
		src = ctxReader{ctx: ctx, r: r}
	} else if err := ctx.Err(); err != nil {
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	dataTmp, err := l.writeTemp(dir, func(f *os.File) error {
		n, err := io.Copy(f, src)
		if err != nil {
			return err
		}
		if opts.Size >= 0 && n != opts.Size {
			return fmt.Errorf("got %d bytes, expected %d", n, opts.Size)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	metaTmp, err := l.writeTemp(dir, func(f *os.File) error {
		_, err := f.Write(meta)
		return err
	})
	if err != nil {
		_ = l.root.Remove(dataTmp)
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	// The sidecar goes first: the object appears with the data's rename, already described.
	if err := l.root.Rename(metaTmp, metaName(key)); err != nil {
		_ = l.root.Remove(metaTmp)
		_ = l.root.Remove(dataTmp)
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	if err := l.root.Rename(dataTmp, key); err != nil {
		_ = l.root.Remove(dataTmp)
		return fmt.Errorf("local storage: put %s: %w", key, err)
	}
	return l.syncDir(dir)
}

// writeTemp creates a hidden file in dir, fills it with write and syncs it; on any failure
// the file is gone.
func (l *Local) writeTemp(dir string, write func(*os.File) error) (name string, err error) {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	name = path.Join(dir, ".tmp-"+hex.EncodeToString(b[:]))
	f, err := l.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, localFileMode)
	if err != nil {
		return "", err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			_ = l.root.Remove(name)
		}
	}()
	if err := write(f); err != nil {
		return name, err
	}
	// Synced before the rename, so a crash never leaves a renamed but empty object.
	return name, f.Sync()
}

// syncDir makes the renames in dir durable.
func (l *Local) syncDir(dir string) error {
	d, err := l.root.Open(dir)
	if err != nil {
		return fmt.Errorf("local storage: sync %s: %w", dir, err)
	}
	defer func() { _ = d.Close() }()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("local storage: sync %s: %w", dir, err)
	}
	return nil
}

// Get opens the object; the caller closes it.
func (l *Local) Get(_ context.Context, key string) (io.ReadCloser, Object, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Object{}, err
	}
	f, err := l.root.Open(key)
	if err != nil {
		return nil, Object{}, l.fail("get", key, err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, Object{}, l.fail("get", key, err)
	}
	if !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, Object{}, fmt.Errorf("local storage: get %s: %w", key, ErrNotFound)
	}
	return f, l.object(key, info), nil
}

// Stat describes the object without opening it.
func (l *Local) Stat(_ context.Context, key string) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	return l.stat(key)
}

func (l *Local) stat(key string) (Object, error) {
	info, err := l.root.Stat(key)
	if err != nil {
		return Object{}, l.fail("stat", key, err)
	}
	if !info.Mode().IsRegular() {
		return Object{}, fmt.Errorf("local storage: stat %s: %w", key, ErrNotFound)
	}
	return l.object(key, info), nil
}

// object combines the file's size and time with its sidecar. A missing or unreadable sidecar
// (an object copied in by hand) reads as an untyped object.
func (l *Local) object(key string, info fs.FileInfo) Object {
	obj := Object{Key: key, Size: info.Size(), ModTime: info.ModTime(), ContentType: "application/octet-stream"}
	raw, err := l.root.ReadFile(metaName(key))
	if err != nil {
		return obj
	}
	var m localMeta
	if json.Unmarshal(raw, &m) != nil {
		return obj
	}
	if m.ContentType != "" {
		obj.ContentType = m.ContentType
	}
	obj.CacheControl, obj.Disposition = m.CacheControl, m.Disposition
	return obj
}

// Delete removes the object and its sidecar; a missing object is not an error.
func (l *Local) Delete(_ context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	for _, name := range []string{key, metaName(key)} {
		if err := l.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("local storage: delete %s: %w", key, err)
		}
	}
	return nil
}

// List yields the objects whose keys start with prefix, folder by folder in name order,
// without hidden files (sidecars, unfinished writes).
func (l *Local) List(ctx context.Context, prefix string) iter.Seq2[Object, error] {
	return func(yield func(Object, error) bool) {
		if err := validatePrefix(prefix); err != nil {
			yield(Object{}, err)
			return
		}
		// Walk only the deepest folder the prefix names.
		start := "."
		if i := strings.LastIndex(prefix, "/"); i > 0 {
			start = prefix[:i]
		}
		err := fs.WalkDir(l.root.FS(), start, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if name == start && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && name != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				// Skip folders that cannot hold a matching key.
				if name != start && !strings.HasPrefix(name+"/", prefix) && !strings.HasPrefix(prefix, name+"/") {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasPrefix(name, prefix) {
				return nil
			}
			obj, err := l.stat(name)
			if err != nil {
				return err
			}
			if !yield(obj, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(Object{}, fmt.Errorf("local storage: list %q: %w", prefix, err))
		}
	}
}

// errStop ends a walk whose consumer stopped iterating.
var errStop = errors.New("stop")

// SignedURL returns a link to the app's /files route that allows opts.Method (GET by default)
// on key for opts.TTL. The object need not exist yet.
func (l *Local) SignedURL(_ context.Context, key string, opts URLOptions) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	if l.signer == nil {
		return "", errors.New("local storage: signed URL: no signer configured")
	}
	if opts.TTL <= 0 {
		return "", fmt.Errorf("local storage: signed URL: TTL must be positive (got %s)", opts.TTL)
	}
	method := opts.Method
	if method == "" {
		method = http.MethodGet
	}
	return l.signer.Sign(method, key, l.now().Add(opts.TTL), opts.Disposition), nil
}

// fail maps a missing file to ErrNotFound and keeps every other error (a symlink that leaves
// the folder, a permission problem) as it is.
func (l *Local) fail(op, key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("local storage: %s %s: %w", op, key, ErrNotFound)
	}
	return fmt.Errorf("local storage: %s %s: %w", op, key, err)
}

// metaName is the sidecar of key: a hidden file beside it.
func metaName(key string) string {
	dir, name := path.Split(key)
	return dir + "." + name + ".meta"
}

// ctxReader stops a copy once ctx is done, so a cancelled request stops writing to disk.
type ctxReader struct {
	ctx context.Context //nolint:containedctx // scoped to one Put
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
