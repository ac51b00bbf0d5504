// Package storage keeps uploaded files behind one interface, whichever provider holds them.
package storage

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"
)

// ErrNotFound: no object has the key. ErrInvalidKey: the key breaks the key rules.
var (
	ErrNotFound   = errors.New("storage: object not found")
	ErrInvalidKey = errors.New("storage: invalid key")
)

// PutOptions describe an object being stored. Size is -1 when unknown.
type PutOptions struct {
	ContentType  string
	Size         int64
	CacheControl string
	Disposition  string
}

// Object is what Stat, Get and List report about a stored object.
type Object struct {
	Key          string
	ContentType  string
	Size         int64
	ModTime      time.Time
	CacheControl string
	Disposition  string
}

// URLOptions shape a signed URL: the method it allows, how long it lives, and the
// Content-Disposition the response carries.
type URLOptions struct {
	Method      string
	TTL         time.Duration
	Disposition string
}

// Storage is implemented by every provider (local, s3/r2).
type Storage interface {
	Put(ctx context.Context, key string, r io.Reader, opts PutOptions) error
	Get(ctx context.Context, key string) (io.ReadCloser, Object, error)
	Stat(ctx context.Context, key string) (Object, error)
	Delete(ctx context.Context, key string) error
	List(ctx context.Context, prefix string) iter.Seq2[Object, error]
	SignedURL(ctx context.Context, key string, opts URLOptions) (string, error)
}
