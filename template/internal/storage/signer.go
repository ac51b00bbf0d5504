package storage

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The errors Verify returns; the file handler answers both with 403.
var (
	ErrBadSignature = errors.New("storage: bad signature")
	ErrExpired      = errors.New("storage: signed URL expired")
)

// signerInfo separates this key from every other key derived from the app secret, so a
// signature made for one purpose (a session, a login code) never verifies here.
const signerInfo = "tracks/storage/signed-url"

// Signer makes and checks the local adapter's download URLs: {base}/files/{key}?exp=&sig=&disp=.
// The signature covers the method, key, expiry and Content-Disposition, so none of them can
// be changed without the secret.
type Signer struct {
	key     []byte
	baseURL string
}

// NewSigner derives the signing key from the app's secret key (HKDF-SHA256) and remembers the
// public base URL the links start with (scheme://host[:port], no trailing slash needed).
func NewSigner(secretKey string, baseURL string) *Signer {
	key, err := hkdf.Key(sha256.New, []byte(secretKey), nil, signerInfo, sha256.Size)
	if err != nil {
		// HKDF only fails for outputs longer than 255 hash blocks; 32 bytes never are.
		panic(fmt.Sprintf("storage: derive signing key: %v", err))
	}
	return &Signer{key: key, baseURL: strings.TrimSuffix(baseURL, "/")}
}

// Sign returns a URL that allows method on key until exp, answered with disposition as its
// Content-Disposition ("" leaves the handler's default). exp is rounded up to the next whole
// second, so a URL never lives shorter than asked.
func (s *Signer) Sign(method, key string, exp time.Time, disposition string) string {
	unix := exp.Unix()
	if exp.Nanosecond() > 0 {
		unix++
	}
	expires := strconv.FormatInt(unix, 10)
	sig := base64.RawURLEncoding.EncodeToString(s.mac(signedMethod(method), key, expires, disposition))
	return s.baseURL + "/files/" + key + "?exp=" + expires + "&sig=" + sig + "&disp=" + url.QueryEscape(disposition)
}

// Verify checks a request's query (exp, sig, disp) for method on key at now and returns the
// signed disposition. The signature is compared in constant time and before the expiry, so a
// forged URL never learns whether its expiry would have passed. HEAD is checked as GET: it
// sends the same headers without the body.
func (s *Signer) Verify(method, key string, q url.Values, now time.Time) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	expires, disposition := q.Get("exp"), q.Get("disp")
	unix, err := strconv.ParseInt(expires, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: exp is not a number", ErrBadSignature)
	}
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("sig"))
	if err != nil {
		return "", fmt.Errorf("%w: sig is not base64url", ErrBadSignature)
	}
	if !hmac.Equal(sig, s.mac(signedMethod(method), key, expires, disposition)) {
		return "", ErrBadSignature
	}
	if !now.Before(time.Unix(unix, 0)) {
		return "", ErrExpired
	}
	return disposition, nil
}

// mac signs the fields joined by newlines, which neither a method nor a key can contain, so
// no two field lists sign the same bytes; disposition, which could, comes last.
func (s *Signer) mac(method, key, expires, disposition string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(method + "\n" + key + "\n" + expires + "\n" + disposition))
	return m.Sum(nil)
}

func signedMethod(method string) string {
	method = strings.ToUpper(method)
	if method == "" || method == http.MethodHead {
		return http.MethodGet
	}
	return method
}
