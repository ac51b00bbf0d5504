// Package i18n translates the app's texts. Messages live in YAML files under locales/, one per
// language (en.yaml, es.yaml) plus the files recipes add (post.en.yaml, post.es.yaml); all are
// embedded in the binary. The Locale middleware picks the request's language and stores a
// localizer in its context, so views and handlers only call T and N with the context they
// already have.
//
// Messages interpolate %{name} from the data map, e.g. "Use at most %{max} characters.".
package i18n

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Default is the language used when nothing the client sends matches, and the one every other
// locale file must match key for key.
var Default = language.English

//go:embed locales/*.yaml
var embedded embed.FS

// Catalog is every loaded message, by language.
type Catalog struct {
	bundle  *goi18n.Bundle
	tags    []language.Tag
	matcher language.Matcher
	// keys are the message ids of each file, by file name, for the key-set check.
	keys map[string][]string
	// localizers are built once per language of the catalog (see newLocalizer).
	localizers map[language.Tag]*Localizer
	// fallback localizes in the default language.
	fallback *Localizer
}

// Load reads the embedded locale files.
func Load() (*Catalog, error) {
	return LoadFS(embedded, "locales")
}

// LoadFS reads every *.yaml file in dir of fsys. Each file's language is the last part of its
// name before .yaml ("es.yaml", "post.es.yaml"). The default language must be present.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("i18n: list locale files: %w", err)
	}
	bundle := goi18n.NewBundle(Default)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &Catalog{bundle: bundle, keys: make(map[string][]string, len(names))}
	for _, name := range names {
		file, err := bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: load %s: %w", name, err)
		}
		if file.Tag == language.Und {
			return nil, fmt.Errorf("i18n: load %s: the name does not end in a language code, such as en.yaml", name)
		}
		ids := make([]string, 0, len(file.Messages))
		for _, m := range file.Messages {
			ids = append(ids, m.ID)
		}
		c.keys[path.Base(name)] = ids
	}
	c.tags = bundle.LanguageTags()
	if _, ok := c.keys[Default.String()+".yaml"]; !ok {
		return nil, fmt.Errorf("i18n: no %s.yaml in %s: the default language needs a locale file", Default, dir)
	}
	// The default language comes first: the matcher answers it when nothing else matches.
	sort.SliceStable(c.tags, func(i, j int) bool { return c.tags[i] == Default && c.tags[j] != Default })
	c.matcher = language.NewMatcher(c.tags)
	c.localizers = make(map[language.Tag]*Localizer, len(c.tags))
	for _, tag := range c.tags {
		c.localizers[tag] = c.newLocalizer(tag)
	}
	c.fallback = c.Localizer(Default)
	return c, nil
}

var loadDefault = sync.OnceValues(Load)

// Embedded returns the catalog of the embedded locale files, loaded once. The files are part of
// the binary, so an error here is a broken file shipped with it: startup fails on it (see the
// Locale middleware) and so does the package's test.
func Embedded() (*Catalog, error) {
	return loadDefault()
}

// Languages are the loaded languages, the default first.
func (c *Catalog) Languages() []language.Tag {
	return append([]language.Tag(nil), c.tags...)
}

// Keys returns the message ids of each locale file, by file name.
func (c *Catalog) Keys() map[string][]string {
	return c.keys
}

// Supported returns the loaded language named by code ("es", "en"), if there is one. Codes are
// matched exactly, so an unknown or region-specific code is not silently replaced.
func (c *Catalog) Supported(code string) (language.Tag, bool) {
	tag, err := language.Parse(code)
	if err != nil {
		return language.Und, false
	}
	for _, t := range c.tags {
		if t == tag {
			return t, true
		}
	}
	return language.Und, false
}

// Match picks the best loaded language for an Accept-Language header; the default when none fits.
func (c *Catalog) Match(acceptLanguage string) language.Tag {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Default
	}
	_, index, confidence := c.matcher.Match(prefs...)
	if confidence == language.No {
		return Default
	}
	return c.tags[index]
}

// Localizer returns the localizer for tag, falling back to the default language for messages
// tag's file lacks. The catalog's own languages get the localizers built at load time.
func (c *Catalog) Localizer(tag language.Tag) *Localizer {
	if l, ok := c.localizers[tag]; ok {
		return l
	}
	return c.newLocalizer(tag)
}

// newLocalizer resolves every message of every locale file for tag once, so that T, which the
// views call dozens of times per page, is a map lookup instead of go-i18n's language matching
// and template parsing on each call (about a tenth of a page's CPU). Only what T returns for a
// key is stored, so translations and fallbacks are exactly go-i18n's; plural forms (N) still
// go through go-i18n, as the count picks the form.
func (c *Catalog) newLocalizer(tag language.Tag) *Localizer {
	l := &Localizer{
		tag: tag,
		loc: goi18n.NewLocalizer(c.bundle, tag.String(), Default.String()),
	}
	l.messages = make(map[string]string)
	for _, ids := range c.keys {
		for _, id := range ids {
			if msg, err := l.localize(id); err == nil || msg != "" {
				l.messages[id] = msg
			}
		}
	}
	return l
}

// Localizer translates into one language. It is read-only once built, so one per language is
// shared by every request.
type Localizer struct {
	tag      language.Tag
	loc      *goi18n.Localizer
	messages map[string]string // T's message per key, resolved when the localizer was built
}

// Lang is the localizer's language code, as used in <html lang> and Content-Language.
func (l *Localizer) Lang() string {
	return l.tag.String()
}

// identity leaves a message's text alone: interpolation is ours (%{name}), so Go template
// syntax in a translation is plain text and cannot run.
var identity = &template.IdentityParser{}

// T translates key with data. A key without a message comes back as the key itself, which
// the tests look for.
func (l *Localizer) T(key string, data map[string]any) string {
	msg, ok := l.messages[key]
	if !ok {
		var err error
		if msg, err = l.localize(key); err != nil && msg == "" {
			return key
		}
	}
	return interpolate(msg, data)
}

func (l *Localizer) localize(key string) (string, error) {
	return l.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateParser: identity})
}

// N translates the plural key for count; data may use %{count}.
func (l *Localizer) N(key string, count int, data map[string]any) string {
	msg, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, PluralCount: count, TemplateParser: identity})
	if err != nil && msg == "" {
		return key
	}
	merged := make(map[string]any, len(data)+1)
	for k, v := range data {
		merged[k] = v
	}
	merged["count"] = count
	return interpolate(msg, merged)
}

// interpolate replaces each %{name} in msg by data[name]; an unknown name stays as written.
func interpolate(msg string, data map[string]any) string {
	if len(data) == 0 || !strings.Contains(msg, "%{") {
		return msg
	}
	var b strings.Builder
	for {
		start := strings.Index(msg, "%{")
		if start < 0 {
			break
		}
		end := strings.IndexByte(msg[start:], '}')
		if end < 0 {
			break
		}
		name := msg[start+2 : start+end]
		b.WriteString(msg[:start])
		if v, ok := data[name]; ok {
			fmt.Fprint(&b, v)
		} else {
			b.WriteString(msg[start : start+end+1])
		}
		msg = msg[start+end+1:]
	}
	b.WriteString(msg)
	return b.String()
}

type localizerKey struct{}

// WithLocalizer returns ctx carrying l: what T and N read.
func WithLocalizer(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, localizerKey{}, l)
}

// WithLocale returns ctx translating into the embedded catalog's language code, or the default
// for an unknown code: for jobs, mail and tests that have no request.
func WithLocale(ctx context.Context, code string) context.Context {
	c, err := Embedded()
	if err != nil {
		return ctx
	}
	tag, ok := c.Supported(code)
	if !ok {
		tag = Default
	}
	return WithLocalizer(ctx, c.Localizer(tag))
}

// From returns the localizer in ctx, or the embedded default-language one when there is none
// (a view rendered outside a request, as in a unit test).
func From(ctx context.Context) *Localizer {
	if l, ok := ctx.Value(localizerKey{}).(*Localizer); ok {
		return l
	}
	if c, err := Embedded(); err == nil {
		return c.fallback
	}
	return &Localizer{tag: Default, loc: goi18n.NewLocalizer(goi18n.NewBundle(Default))}
}

// Lang is the language of ctx's localizer.
func Lang(ctx context.Context) string {
	return From(ctx).Lang()
}

// T translates key into ctx's language, with %{name} filled from the first data map.
func T(ctx context.Context, key string, data ...map[string]any) string {
	return From(ctx).T(key, first(data))
}

// N translates the plural key for count into ctx's language; the message may use %{count}.
func N(ctx context.Context, key string, count int, data ...map[string]any) string {
	return From(ctx).N(key, count, first(data))
}

func first(data []map[string]any) map[string]any {
	if len(data) == 0 {
		return nil
	}
	return data[0]
}
