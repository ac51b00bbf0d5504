// Package viewtest renders templ components and finds things in the HTML for the view tests.
// Checking parsed elements rather than substrings means a test fails when a field moves out of
// its form or an attribute lands on the wrong element, not only when some text is missing.
package viewtest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// Nonce is the CSP nonce every Render uses, so tests can check that scripts carry it.
const Nonce = "test-nonce"

// Render renders c with ctx (which may carry a viewctx user) and the CSP nonce.
func Render(t testing.TB, ctx context.Context, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(templ.WithNonce(ctx, Nonce), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.String()
}

// Parse parses a document or a fragment; the parser adds html, head and body as browsers do.
// Table cells need their table around them: wrap a fragment of <td>s before parsing it.
func Parse(t testing.TB, doc string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, doc)
	}
	return root
}

// Attr is the value of n's attribute key, and whether it has one.
func Attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Text is n's text content with runs of white space collapsed to one space.
func Text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// All returns the elements under root (root included) for which match is true, in document
// order.
func All(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if root.Type == html.ElementNode && match(root) {
		out = append(out, root)
	}
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

// Tag matches elements named tag.
func Tag(tag string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag }
}

// AttrIs matches elements whose attribute key is val.
func AttrIs(key, val string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, ok := Attr(n, key)
		return ok && v == val
	}
}

// ByID is the element with id, or nil.
func ByID(root *html.Node, id string) *html.Node {
	if found := All(root, AttrIs("id", id)); len(found) > 0 {
		return found[0]
	}
	return nil
}

// MustID is the element with id; the test fails without one.
func MustID(t testing.TB, root *html.Node, id string) *html.Node {
	t.Helper()
	n := ByID(root, id)
	if n == nil {
		var b bytes.Buffer
		_ = html.Render(&b, root)
		t.Fatalf("no element with id %q in:\n%s", id, b.String())
	}
	return n
}

// Form is a form as a browser would submit it.
type Form struct {
	Node   *html.Node
	Method string // lower case; "get" when unset, as in browsers
	Action string
	// Fields are the names of its inputs, selects and textareas with their values (a select's
	// value is its selected option, or the first).
	Fields map[string]string
	// Buttons are the texts of its submit buttons.
	Buttons []string
}

// Forms returns every form under root.
func Forms(root *html.Node) []Form {
	var out []Form
	for _, n := range All(root, Tag("form")) {
		out = append(out, formOf(n))
	}
	return out
}

// FormAt returns the form posting to action; the test fails unless there is exactly one.
func FormAt(t testing.TB, root *html.Node, action string) Form {
	t.Helper()
	var found []Form
	for _, f := range Forms(root) {
		if f.Action == action {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d forms with action %q, want 1", len(found), action)
	}
	return found[0]
}

func formOf(n *html.Node) Form {
	method, _ := Attr(n, "method")
	action, _ := Attr(n, "action")
	f := Form{Node: n, Method: strings.ToLower(method), Action: action, Fields: map[string]string{}}
	if f.Method == "" {
		f.Method = "get"
	}
	for _, el := range All(n, func(e *html.Node) bool {
		return e.Data == "input" || e.Data == "select" || e.Data == "textarea" || e.Data == "button"
	}) {
		name, named := Attr(el, "name")
		switch el.Data {
		case "button":
			if kind, _ := Attr(el, "type"); kind == "" || kind == "submit" {
				f.Buttons = append(f.Buttons, Text(el))
			}
		case "select":
			if named {
				f.Fields[name] = selected(el)
			}
		case "textarea":
			if named {
				f.Fields[name] = Text(el)
			}
		default:
			if named {
				f.Fields[name], _ = Attr(el, "value")
			}
		}
	}
	return f
}

func selected(sel *html.Node) string {
	options := All(sel, Tag("option"))
	for _, o := range options {
		if _, ok := Attr(o, "selected"); ok {
			v, _ := Attr(o, "value")
			return v
		}
	}
	if len(options) > 0 {
		v, _ := Attr(options[0], "value")
		return v
	}
	return ""
}
