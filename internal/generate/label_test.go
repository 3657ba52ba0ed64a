package generate

import "testing"

func TestLabel(t *testing.T) {
	for name, want := range map[string]string{
		"python-dev":          "python_dev",
		"Data Science (prod)": "data_science_prod",
		"  leading spaces":    "leading_spaces",
		"42.answers":          "env_42_answers",
		"a..b":                "a_b",
		"Ünïcödé 環境":          "unicode",
		"Café Crème":          "cafe_creme",
		"環境":                  "env",
		"":                    "env",
		"_x_":                 "x",
		"CamelCase9":          "camelcase9",
	} {
		if got := Label(name); got != want {
			t.Errorf("Label(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLabelerUniqueAndStable(t *testing.T) {
	l := NewLabeler([]string{"web"})
	got := []string{l.Next("web"), l.Next("Web"), l.Next("data-x"), l.Next("data x"), l.Next("web_2")}
	want := []string{"web_2", "web_3", "data_x", "data_x_2", "web_2_2"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("labels = %v, want %v", got, want)
		}
	}
}
