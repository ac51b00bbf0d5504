package slug

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestGenerateShape(t *testing.T) {
	for name, tt := range map[string]struct {
		gen  func() string
		size int
	}{
		"Generate":      {Generate, 8},
		"GenerateShort": {GenerateShort, 6},
	} {
		for range 1000 {
			s := tt.gen()
			if len(s) != tt.size || strings.Trim(s, alphabet) != "" {
				t.Fatalf("%s() = %q, want %d characters of [0-9a-z]", name, s, tt.size)
			}
		}
	}
}

// With 800,000 characters each symbol is expected ~22,222 times; 5 % is
// about 7.5 standard deviations, so a pass is certain for a fair generator
// while a modulo bias (4 symbols ~10 % too frequent) fails.
func TestGenerateIsUniform(t *testing.T) {
	const draws = 100_000
	counts := make(map[rune]int, len(alphabet))
	total := 0
	for range draws {
		for _, r := range Generate() {
			counts[r]++
			total++
		}
	}
	want := float64(total) / float64(len(alphabet))
	for _, r := range alphabet {
		if dev := math.Abs(float64(counts[r])-want) / want; dev > 0.05 {
			t.Errorf("%q drawn %d times, %.1f%% from the uniform %.0f", r, counts[r], dev*100, want)
		}
	}
	if len(counts) != len(alphabet) {
		t.Errorf("drew %d distinct characters, want %d", len(counts), len(alphabet))
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café Déjà Vu", "cafe-deja-vu"},
		{"Hello, World!", "hello-world"},
		{"  --Already-a-slug--  ", "already-a-slug"},
		{"under_score and   spaces", "under-score-and-spaces"},
		{"Ｆｕｌｌｗｉｄｔｈ ２０２４", "fullwidth-2024"},
		{"ﬁle", "file"},
		{"Straße Ærø Łódź", "strasse-aero-lodz"},
		{"naïve façade", "naive-facade"},
		{"İstanbul", "istanbul"},
		{"C++ & Go", "c-go"},
		{"emoji 🎉 party", "emoji-party"},
		{"x", "x"},
		{"Ünïcödé", "unicode"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeFallsBackToGenerate(t *testing.T) {
	for _, in := range []string{"", "   ", "!!!", "---", "日本語", "🎉"} {
		got := Sanitize(in)
		if len(got) != 8 || strings.Trim(got, alphabet) != "" {
			t.Errorf("Sanitize(%q) = %q, want a generated slug", in, got)
		}
	}
}

func TestSanitizeLength(t *testing.T) {
	word := strings.Repeat("a", 10)
	tests := []struct {
		name string
		in   string
		want string
	}{
		// 6 words of 10 plus 5 hyphens = 65 bytes: drop the last word.
		{"cut at hyphen", strings.Repeat(word+" ", 6), strings.TrimSuffix(strings.Repeat(word+"-", 5), "-")},
		{"exact fit", strings.Repeat("b", 64), strings.Repeat("b", 64)},
		{"boundary right after limit", strings.Repeat("c", 64) + " tail", strings.Repeat("c", 64)},
		{"one long word", strings.Repeat("d", 100), strings.Repeat("d", 64)},
		{"hyphen at position 64", strings.Repeat("e", 63) + " more", strings.Repeat("e", 63)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize = %q (%d bytes), want %q", got, len(got), tt.want)
			}
			if len(got) > MaxLen {
				t.Errorf("len = %d, want at most %d", len(got), MaxLen)
			}
		})
	}
}

func TestReserved(t *testing.T) {
	for _, s := range []string{"new", "edit", "index", "api", "assets", "healthz", "readyz", "NEW"} {
		if !Reserved(s) {
			t.Errorf("Reserved(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"news", "my-post", "", "editor"} {
		if Reserved(s) {
			t.Errorf("Reserved(%q) = true, want false", s)
		}
	}
}

func TestValidateUsername(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"john-doe", true},
		{"john_doe", true},
		{"abc", true},
		{"a1-b2_c3", true},
		{"0day", true},
		{strings.Repeat("a", 32), true},
		{"ab", false},
		{strings.Repeat("a", 33), false},
		{"", false},
		{"-x", false},
		{"-xy", false},
		{"xy-", false},
		{"_xy", false},
		{"a__b", false},
		{"a--b", false},
		{"a-_b", false},
		{"a_-b", false},
		{"John", false},
		{"john doe", false},
		{"john.doe", false},
		{"jöhn", false},
	}
	for _, tt := range tests {
		err := ValidateUsername(tt.in)
		if tt.ok && err != nil {
			t.Errorf("ValidateUsername(%q) = %v, want nil", tt.in, err)
		}
		if !tt.ok && !errors.Is(err, ErrInvalidUsername) {
			t.Errorf("ValidateUsername(%q) = %v, want ErrInvalidUsername", tt.in, err)
		}
	}
}
