package components

import (
	"bytes"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestUserInputIsEscaped(t *testing.T) {
	tests := []struct {
		name      string
		component templ.Component
		forbidden string
		want      string
	}{
		{"field value", Field("title", "Title", "text", `"><script>alert(1)</script>`, ""), "<script>alert(1)", "&lt;script&gt;"},
		{"textarea body", Field("body", "Body", "textarea", "</textarea><script>x()</script>", ""), "<script>x()", "&lt;/textarea&gt;"},
		{"error message", Field("email", "Email", "email", "", "<b>bad</b>"), "<b>bad</b>", "&lt;b&gt;bad&lt;/b&gt;"},
		{"toast", Toast("<img src=x onerror=alert(1)>"), "<img src=x", "&lt;img src=x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := render(t, tt.component)
			if strings.Contains(html, tt.forbidden) {
				t.Fatalf("unescaped input in %s", html)
			}
			if !strings.Contains(html, tt.want) {
				t.Fatalf("escaped form %q missing in %s", tt.want, html)
			}
		})
	}
}

func TestJavaScriptURLsAreNeutralised(t *testing.T) {
	if got := string(templ.URL("javascript:alert(1)")); got != "about:invalid#TemplFailedSanitizationURL" {
		t.Fatalf("templ.URL(javascript:) = %q", got)
	}
}

func TestFieldMarksErrorsForAssistiveTech(t *testing.T) {
	html := render(t, Field("email", "Email", "email", "x", "Enter a valid email address."))
	for _, want := range []string{`aria-invalid="true"`, `aria-describedby="email-error"`, `id="email-error"`} {
		if !strings.Contains(html, want) {
			t.Fatalf("missing %s in %s", want, html)
		}
	}
}

func TestCounterCarriesItsState(t *testing.T) {
	html := render(t, Counter(41))
	for _, want := range []string{`id="counter-value"`, ">41<", `name="count"`, `value="41"`, `hx-post="/counter"`} {
		if !strings.Contains(html, want) {
			t.Fatalf("missing %s in %s", want, html)
		}
	}
}
