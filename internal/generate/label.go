package generate

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Label turns an environment name into an HCL block label: lower-case ASCII
// letters, digits and underscores, starting with a letter or underscore.
// Every other run of characters (spaces, dots, dashes, non-ASCII letters)
// becomes one underscore; a name left empty becomes "env" and one that
// starts with a digit gets an "env_" prefix. The name itself is kept in the
// block's name argument, so nothing is lost.
func Label(name string) string {
	var sb strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		r = fold(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if sep && sb.Len() > 0 {
				sb.WriteByte('_')
			}
			sep = false
			sb.WriteRune(r)
		default:
			sep = true
		}
	}
	l := sb.String()
	switch {
	case l == "":
		l = "env"
	case l[0] >= '0' && l[0] <= '9':
		l = "env_" + l
	}
	if !hclsyntax.ValidIdentifier(l) {
		panic("generate: label " + strconv.Quote(l) + " is not an identifier") // our bug
	}
	return l
}

// folds maps accented Latin letters to their base letter, so that "Ünïcödé"
// reads "unicode" rather than "n_c_d". Letters outside it become separators.
var folds = map[rune]string{
	'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ",
	'h': "ĥħ", 'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ",
	'o': "òóôõöøōŏő", 'r': "ŕŗř", 's': "śŝşšß", 't': "ţťŧ", 'u': "ùúûüũūŭůűų",
	'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
}

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range folds {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

func fold(r rune) rune {
	if b, ok := foldTable[r]; ok {
		return b
	}
	return r
}

// Labeler hands out unique labels: a label already taken (by the existing
// configuration or an earlier environment) gets the first free suffix _2,
// _3, ... Feeding names in a stable order gives stable labels.
type Labeler struct {
	taken map[string]bool
}

// NewLabeler returns a Labeler that avoids the labels in taken.
func NewLabeler(taken []string) *Labeler {
	l := &Labeler{taken: map[string]bool{}}
	for _, t := range taken {
		l.taken[t] = true
	}
	return l
}

// Next returns a unique label for name and reserves it.
func (l *Labeler) Next(name string) string {
	base := Label(name)
	label := base
	for n := 2; l.taken[label]; n++ {
		label = base + "_" + strconv.Itoa(n)
	}
	l.taken[label] = true
	return label
}
