// Command goidents lists the names a Go package of a rendered app puts in scope, for the test
// that checks model/gonames.py refuses each as the name of a domain package a recipe imports
// there (tests/render/test_reserved_packages.py).
//
// Usage: goidents DIR...
//
// For each DIR (a package folder, its _test.go files included) it prints one line per name:
//
//	package NAME   the package clause of each file
//	decl NAME      a package-level func (not a method), type, var or const
//	alias NAME     an import renamed in some file
//	import PATH    an import not renamed (the caller resolves its package name)
//	local NAME     a name declared inside a function whose body holds a `tracks:` region,
//	               where recipes insert lines that use the package
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	seen := map[string]bool{}
	for _, dir := range os.Args[1:] {
		lines, err := scan(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "goidents:", err)
			os.Exit(1)
		}
		for _, line := range lines {
			seen[line] = true
		}
	}
	out := make([]string, 0, len(seen))
	for line := range seen {
		out = append(out, line)
	}
	sort.Strings(out)
	for _, line := range out {
		fmt.Println(line)
	}
}

func scan(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no Go files", dir)
	}
	var out []string
	fset := token.NewFileSet()
	for _, path := range paths {
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		out = append(out, "package "+file.Name.Name)
		for _, imp := range file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case imp.Name == nil:
				out = append(out, "import "+p)
			case imp.Name.Name != "_" && imp.Name.Name != ".":
				out = append(out, "alias "+imp.Name.Name)
			}
		}
		for _, decl := range file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					out = append(out, "decl "+d.Name.Name)
				}
				if d.Body != nil && holdsRegion(file, d.Body) {
					out = append(out, locals(d)...)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						out = append(out, "decl "+s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							out = append(out, "decl "+n.Name)
						}
					}
				}
			}
		}
	}
	return out, nil
}

// holdsRegion: a `// tracks:<region>:start` comment lies inside body.
func holdsRegion(file *ast.File, body *ast.BlockStmt) bool {
	for _, group := range file.Comments {
		for _, c := range group.List {
			if c.Pos() > body.Lbrace && c.End() < body.Rbrace && strings.HasPrefix(c.Text, "// tracks:") {
				return true
			}
		}
	}
	return false
}

// locals: every name the function declares, its parameters and results included (those of
// the function literals inside it too: over-reporting only refuses a few names more).
func locals(fn *ast.FuncDecl) []string {
	var out []string
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil && id.Name != "_" {
				out = append(out, "local "+id.Name)
			}
		}
	}
	fields := func(list *ast.FieldList) {
		if list == nil {
			return
		}
		for _, f := range list.List {
			add(f.Names...)
		}
	}
	fields(fn.Type.Params)
	fields(fn.Type.Results)
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, e := range s.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		case *ast.RangeStmt:
			if s.Tok == token.DEFINE {
				for _, e := range []ast.Expr{s.Key, s.Value} {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		case *ast.ValueSpec:
			add(s.Names...)
		case *ast.TypeSpec:
			add(s.Name)
		case *ast.FuncLit:
			fields(s.Type.Params)
			fields(s.Type.Results)
		case *ast.TypeSwitchStmt:
			if a, ok := s.Assign.(*ast.AssignStmt); ok {
				for _, e := range a.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		}
		return true
	})
	return out
}
