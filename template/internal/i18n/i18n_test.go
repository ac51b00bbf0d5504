package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

func mustLoad(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// A locale file is <code>.yaml or, for a recipe's messages, <name>.<code>.yaml. Every name has a
// file in every language, with exactly the keys of the default language's file.
func TestLocaleFilesHaveIdenticalKeySets(t *testing.T) {
	c := mustLoad(t)
	type set = map[string]bool
	groups := map[string]map[string]set{} // group -> language -> keys
	for file, keys := range c.Keys() {
		parts := strings.Split(strings.TrimSuffix(file, ".yaml"), ".")
		lang := parts[len(parts)-1]
		group := strings.Join(parts[:len(parts)-1], ".")
		if groups[group] == nil {
			groups[group] = map[string]set{}
		}
		s := set{}
		for _, k := range keys {
			s[k] = true
		}
		groups[group][lang] = s
	}
	for group, langs := range groups {
		want, ok := langs[Default.String()]
		if !ok {
			t.Errorf("%q has no %s file", group, Default)
			continue
		}
		for _, tag := range c.Languages() {
			got, ok := langs[tag.String()]
			if !ok {
				t.Errorf("%q has no %s file", group, tag)
				continue
			}
			for k := range want {
				if !got[k] {
					t.Errorf("%s file of %q lacks %s", tag, group, k)
				}
			}
			for k := range got {
				if !want[k] {
					t.Errorf("%s file of %q has %s, which the %s file lacks", tag, group, k, Default)
				}
			}
		}
	}
}

// keyCalls are the keys the code passes to T, N and Ref; keyLiteral any string literal shaped
// like a key, or a message reference ("validation.at_least?min=0"), in one of the locale files'
// namespaces: keys kept in maps, such as error titles, and returned by the domain.
var (
	keyCalls   = regexp.MustCompile(`\b(?:T|N|Ref)\((?:ctx|r\.Context\(\)|t\.Context\(\))?,?\s*"([^"]+)"`)
	keyLiteral = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(?:\?[^"\s]*)?"`)
)

// Every key the Go and templ sources use has a message in the default language.
func TestEveryKeyUsedInTheSourcesExists(t *testing.T) {
	c := mustLoad(t)
	known := map[string]bool{}
	namespaces := map[string]bool{}
	for file, keys := range c.Keys() {
		if !strings.HasPrefix(file, Default.String()+".") && !strings.HasSuffix(file, "."+Default.String()+".yaml") {
			continue
		}
		for _, k := range keys {
			known[k] = true
			namespaces[strings.SplitN(k, ".", 2)[0]] = true
		}
	}
	root := filepath.Join("..", "..")
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "tmp") {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		source := strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".templ")
		if !source || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyCalls.FindAllStringSubmatch(string(src), -1) {
			checked++
			if !known[m[1]] {
				t.Errorf("%s: key %q has no message in %s", path, m[1], Default)
			}
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(src), -1) {
			if namespaces[strings.SplitN(m[1], ".", 2)[0]] && !known[m[1]] {
				t.Errorf("%s: key %q has no message in %s", path, m[1], Default)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("found no T, N or Ref call: the source scan is broken")
	}
}

func TestTranslate(t *testing.T) {
	c := mustLoad(t)
	es, ok := c.Supported("es")
	if !ok {
		t.Fatal("es is not loaded")
	}
	ctx := WithLocalizer(t.Context(), c.Localizer(es))
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"spanish", T(ctx, "nav.home"), "Inicio"},
		{"interpolation", T(ctx, "validation.max_chars", map[string]any{"max": 5}), "Usa como máximo 5 caracteres."},
		{"plural one", N(ctx, "admin.roles_users", 1), "1 usuario"},
		{"plural other", N(ctx, "admin.roles_users", 3), "3 usuarios"},
		{"missing key shows the key", T(ctx, "nav.no_such_key"), "nav.no_such_key"},
		{"reference", Text(ctx, Ref("validation.max_chars", "max", "7")), "Usa como máximo 7 caracteres."},
		{"text passes through", Text(ctx, "Already translated."), "Already translated."},
		{"no localizer is English", T(t.Context(), "nav.home"), "Home"},
		{"WithLocale", T(WithLocale(t.Context(), "es"), "nav.home"), "Inicio"},
		{"WithLocale unknown is the default", T(WithLocale(t.Context(), "zz"), "nav.home"), "Home"},
		{"unknown placeholder stays", interpolate("a %{x} b", map[string]any{"y": 1}), "a %{x} b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// T answers from the messages resolved at load time; this checks them against go-i18n asked
// afresh for every key of every file in every language (a fallback to the default language
// included), and that a catalog language's localizer is built once, not per request.
func TestResolvedMessagesAreGoI18nAnswers(t *testing.T) {
	c := mustLoad(t)
	for _, tag := range c.Languages() {
		l := c.Localizer(tag)
		if again := c.Localizer(tag); again != l {
			t.Errorf("Localizer(%s) built a new localizer on the second call", tag)
		}
		live := goi18n.NewLocalizer(c.bundle, tag.String(), Default.String())
		for file, ids := range c.Keys() {
			for _, id := range ids {
				want, err := live.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateParser: identity})
				if err != nil && want == "" {
					want = id
				}
				if got := l.T(id, nil); got != want {
					t.Errorf("%s %s (%s): T = %q, go-i18n = %q", tag, id, file, got, want)
				}
			}
		}
	}
}

func TestMatchAcceptLanguage(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		header string
		want   language.Tag
	}{
		{"es", language.Spanish},
		{"es-MX,es;q=0.9,en;q=0.5", language.Spanish},
		{"fr-FR,fr;q=0.9", Default},
		{"en-GB", language.English},
		{"de;q=0.9,es;q=0.8", language.Spanish},
		{"", Default},
		{"!!", Default},
	}
	for _, tt := range tests {
		if got := c.Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %s, want %s", tt.header, got, tt.want)
		}
	}
	if _, ok := c.Supported("zz"); ok {
		t.Error("Supported(zz) = true")
	}
	if got := c.Languages(); !slices.Contains(got, language.Spanish) || got[0] != Default {
		t.Errorf("Languages() = %v, want the default first and es", got)
	}
}

func TestLoadFailsOnABrokenFile(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"bad yaml", fstest.MapFS{"l/en.yaml": {Data: []byte("a: [")}}, "l/en.yaml"},
		{"no default", fstest.MapFS{"l/es.yaml": {Data: []byte("a:\n  b: c\n")}}, "en.yaml"},
		{"reserved and plain keys mixed", fstest.MapFS{"l/en.yaml": {Data: []byte("a:\n  description: x\n  b: y\n")}}, "l/en.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(tt.files, "l")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadFS error = %v, want one naming %s", err, tt.want)
			}
		})
	}
}
