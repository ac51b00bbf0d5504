package pages

import (
	"bytes"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func html(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(templ.WithNonce(t.Context(), "test-nonce"), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Every page comes as a full document and as its content alone (for htmx fragments).
func TestPagesHaveFullAndContentForms(t *testing.T) {
	form := ContactForm{Name: "Ada", Errors: map[string]string{"email": "Enter a valid email address."}}
	tests := []struct {
		name          string
		full, content templ.Component
		marker        string
	}{
		{"home", Home(3), HomeContent(3), `id="counter"`},
		{"about", About(), AboutContent(), "About"},
		{"contact", Contact(form, false), ContactContent(form, false), "Enter a valid email address."},
		{"error", Error(404, "Not Found", "We could not find that page."), ErrorContent(404, "Not Found", "We could not find that page."), `data-status="404"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			full, content := html(t, tt.full), html(t, tt.content)
			if !strings.HasPrefix(full, "<!doctype html>") || !strings.Contains(full, `<main id="content"`) {
				t.Fatalf("full page lacks the layout:\n%s", full)
			}
			if strings.Contains(content, "<html") {
				t.Fatalf("content form renders the layout:\n%s", content)
			}
			for _, page := range []string{full, content} {
				if !strings.Contains(page, tt.marker) {
					t.Fatalf("missing %q in:\n%s", tt.marker, page)
				}
			}
		})
	}
}

func TestLayoutScriptsAreExternalDeferredAndCarryTheNonce(t *testing.T) {
	full := html(t, About())
	scripts := strings.Count(full, "<script")
	if scripts == 0 {
		t.Fatal("no scripts in the layout")
	}
	if n := strings.Count(full, `nonce="test-nonce"`); n != scripts {
		t.Fatalf("%d of %d scripts carry the nonce", n, scripts)
	}
	if n := strings.Count(full, " defer"); n != scripts {
		t.Fatalf("%d of %d scripts are deferred", n, scripts)
	}
	if strings.Contains(full, "<script>") {
		t.Fatal("an inline script in the layout")
	}
	for _, want := range []string{`hx-boost="true"`, `hx-ext="head-support, response-targets"`, `aria-live="polite"`, `name="htmx-config"`} {
		if !strings.Contains(full, want) {
			t.Fatalf("layout lacks %s", want)
		}
	}
}
