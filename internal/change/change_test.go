package change

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"terrarium/schema"
)

func ptr[T any](v T) *T { return &v }

// spec is a cloud environment named web; opts change it.
func spec(opts ...func(*schema.EnvSpec)) *schema.EnvSpec {
	s := &schema.EnvSpec{Name: "web", Metadata: map[string]string{}, Config: schema.EnvConfig{Type: schema.ConfigCloud, Packages: &schema.Packages{}}}
	for _, o := range opts {
		o(s)
	}
	return s
}

func desc(d *string) func(*schema.EnvSpec) { return func(s *schema.EnvSpec) { s.Description = d } }

func meta(k, v string) func(*schema.EnvSpec) { return func(s *schema.EnvSpec) { s.Metadata[k] = v } }

func pip(p ...string) func(*schema.EnvSpec) {
	return func(s *schema.EnvSpec) { s.Config.Packages.Pip = p }
}

func limited(mcp, pkg bool, hosts ...string) func(*schema.EnvSpec) {
	return func(s *schema.EnvSpec) {
		s.Config.Networking = &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: hosts, AllowMCPServers: mcp, AllowPackageManagers: pkg}
	}
}

func selfHosted(s *schema.EnvSpec) { s.Config = schema.EnvConfig{Type: schema.ConfigSelfHosted} }

func liveOf(s *schema.EnvSpec) *schema.LiveEnv {
	return &schema.LiveEnv{ID: "env_1", EnvSpec: *s, CreatedAt: time.Unix(0, 0)}
}

func paths(fs []Field) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Path)
	}
	return out
}

// A null and an empty description are one "no description" to every
// comparison: plan's, history's and verification's.
func TestEmptyDescriptionIsNoDescription(t *testing.T) {
	empty, none := spec(desc(ptr(""))), spec(desc(nil))
	if d := Specs(none, empty); d != nil {
		t.Errorf("Specs null -> \"\": %+v", d)
	}
	if d := specsFull(empty, none); d != nil {
		t.Errorf("specsFull \"\" -> null: %+v", d)
	}
	if d := Live(liveOf(empty), liveOf(none)); d != nil {
		t.Errorf("Live \"\" -> null: %+v", d)
	}
	if d := Verify(empty, liveOf(none)); d != nil {
		t.Errorf("Verify \"\" asked, null got: %+v", d)
	}
	got := Specs(spec(desc(ptr("x"))), none)
	want := []Field{{Path: schema.PathDescription, Before: "x", After: nil}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clearing a description: %+v, want %+v", got, want)
	}
}

// Fields come in the order of an environment block, whatever the order of
// maps and sets, and sets carry whole sorted lists.
func TestFieldsOrderAndSets(t *testing.T) {
	before := spec(desc(ptr("a")), meta("z", "1"), meta("team", "x"), pip("b", "a"), limited(false, true, "https://b.example", "https://a.example"))
	after := spec(func(s *schema.EnvSpec) { s.Name = "web2" }, meta("team", "y"), pip("a", "c"), limited(true, true, "https://a.example", "https://c.example", "https://a.example"))
	got := Specs(before, after)
	want := []string{schema.PathName, schema.PathDescription, schema.MetadataPath("team"), schema.MetadataPath("z"),
		schema.PackagesPath("pip"), schema.PathAllowedHosts, schema.PathAllowMCPServers}
	if !reflect.DeepEqual(paths(got), want) {
		t.Fatalf("paths %v, want %v", paths(got), want)
	}
	hosts := got[5]
	if !hosts.Set || !reflect.DeepEqual(hosts.Before, []string{"https://a.example", "https://b.example"}) ||
		!reflect.DeepEqual(hosts.After, []string{"https://a.example", "https://c.example"}) ||
		!reflect.DeepEqual(hosts.Added, []string{"https://c.example"}) || !reflect.DeepEqual(hosts.Removed, []string{"https://b.example"}) {
		t.Errorf("hosts %+v", hosts)
	}
	if got[3].Before != "1" || got[3].After != nil {
		t.Errorf("removed metadata key %+v", got[3])
	}
}

// Reserved keys and an unset scope are the plan's business only where it
// says so; Live keeps archival and drops ownership keys, LiveWithReserved
// keeps both.
func TestLiveAndReserved(t *testing.T) {
	a := liveOf(spec(meta(schema.MetaAddress, "environment.a"), func(s *schema.EnvSpec) { s.Scope = schema.ScopeOrganization }))
	b := liveOf(spec(meta(schema.MetaAddress, "environment.b"), func(s *schema.EnvSpec) { s.Scope = schema.ScopeOrganization }))
	b.ArchivedAt = ptr(time.Unix(1, 0))
	if got := paths(Live(a, b)); !reflect.DeepEqual(got, []string{schema.PathArchived}) {
		t.Errorf("Live %v", got)
	}
	if got := paths(LiveWithReserved(a, b)); !reflect.DeepEqual(got, []string{schema.MetadataPath(schema.MetaAddress), schema.PathArchived}) {
		t.Errorf("LiveWithReserved %v", got)
	}
	if d := Specs(&a.EnvSpec, spec()); d != nil {
		t.Errorf("an unset scope in the configuration differs: %+v", d)
	}
	if got := paths(Verify(spec(), b)); !reflect.DeepEqual(got, []string{schema.MetadataPath(schema.MetaAddress)}) {
		t.Errorf("Verify %v", got)
	}
}

func TestCreatedListsWhatIsSet(t *testing.T) {
	got := Created(spec(meta("team", "x"), pip("a"), limited(false, false, "https://a.example")))
	want := []string{schema.PathName, schema.MetadataPath("team"), schema.PathConfigType, schema.PackagesPath("pip"),
		schema.PathNetworkingType, schema.PathAllowedHosts, schema.PathAllowMCPServers, schema.PathAllowPackageManagers}
	if !reflect.DeepEqual(paths(got), want) {
		t.Fatalf("paths %v, want %v", paths(got), want)
	}
	for _, f := range got {
		if f.Before != nil {
			t.Errorf("%s has a before: %+v", f.Path, f)
		}
	}
}

func TestRedact(t *testing.T) {
	fs := Specs(spec(meta("k", "secret")), spec(meta("k", "other"), pip("a")))
	fs = Redact(fs, []string{schema.MetadataPath("k")})
	if !reflect.DeepEqual(fs[0], Field{Path: schema.MetadataPath("k"), Sensitive: true}) {
		t.Errorf("redacted %+v", fs[0])
	}
	if fs[1].Added == nil {
		t.Errorf("a field not sensitive lost its values: %+v", fs[1])
	}
}

func TestSameSpecAgreesWithDiff(t *testing.T) {
	variants := []*schema.EnvSpec{
		spec(desc(ptr("d")), meta("a", "1"), pip("x", "y"), limited(true, false, "https://a.example")),
		spec(), spec(desc(ptr("d"))), spec(desc(ptr("d")), func(s *schema.EnvSpec) { s.Name = "web2" }),
		spec(desc(ptr("d")), meta("a", "2"), pip("x", "y"), limited(true, false, "https://a.example")),
		spec(desc(ptr("d")), meta("a", "1"), pip("y", "x"), limited(true, false, "https://a.example")),
		spec(desc(ptr("d")), meta("a", "1"), pip("x", "y"), limited(false, false, "https://a.example")),
		spec(desc(ptr("d")), meta("a", "1"), pip("x", "y")),
		spec(desc(ptr(""))), spec(meta(schema.MetaStack, "s")), spec(selfHosted),
	}
	for i, a := range variants {
		for j, b := range variants {
			if sameSpec(b, a) && len(specsFull(b, a)) > 0 {
				t.Errorf("sameSpec(%d, %d) is true but the specs differ", j, i)
			}
			if i == j && !sameSpec(b, a) {
				t.Errorf("sameSpec(%d, %d) is false for one spec", j, i)
			}
		}
	}
}

func kinds(e Egress) []string {
	out := []string{}
	for _, it := range e {
		s := it.Kind
		if it.Host != "" {
			s += " " + it.Host
		}
		if it.Widening {
			s += " (widening)"
		}
		out = append(out, s)
	}
	return out
}

// Every rule of the egress delta, one case each.
func TestEgressRules(t *testing.T) {
	unrestricted := spec()
	a := spec(limited(false, false, "https://a.example"))
	archived := liveOf(a)
	archived.ArchivedAt = ptr(time.Unix(1, 0))
	for _, tc := range []struct {
		name          string
		before, after *schema.EnvSpec
		want          []string
	}{
		{"create limited", nil, spec(limited(true, true, "https://b.example", "https://a.example")),
			[]string{"host_added https://a.example (widening)", "host_added https://b.example (widening)", "mcp_granted (widening)", "package_managers_granted (widening)"}},
		{"create unrestricted", nil, unrestricted, []string{"unrestricted (widening)"}},
		{"create self-hosted", nil, spec(selfHosted), []string{}},
		{"hosts", a, spec(limited(false, false, "https://b.example")), []string{"host_added https://b.example (widening)", "host_removed https://a.example"}},
		{"flags", spec(limited(true, false)), spec(limited(false, true)), []string{"mcp_revoked", "package_managers_granted (widening)"}},
		{"to unrestricted", a, unrestricted, []string{"unrestricted (widening)"}},
		{"to limited", unrestricted, a, []string{"limited"}},
		{"unchanged unrestricted", unrestricted, spec(func(s *schema.EnvSpec) { s.Config.Networking = &schema.Networking{Type: schema.NetworkingUnrestricted} }), []string{}},
		{"archive", a, nil, []string{"reach_removed"}},
		{"archive unrestricted", unrestricted, nil, []string{"reach_removed"}},
		{"archive self-hosted", spec(selfHosted), nil, []string{}},
		{"to self-hosted", a, spec(selfHosted), []string{"self_hosted (widening)"}},
		{"from self-hosted", spec(selfHosted), a, []string{"host_added https://a.example (widening)"}},
		{"an archived before reaches nothing", Existing(archived), a, []string{"host_added https://a.example (widening)"}},
	} {
		got := EgressOf(tc.before, tc.after)
		if !reflect.DeepEqual(kinds(got), tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, kinds(got), tc.want)
		}
		widens := false
		for _, w := range tc.want {
			widens = widens || len(w) > len("(widening)") && w[len(w)-len("(widening)"):] == "(widening)"
		}
		if got.Widens() != widens {
			t.Errorf("%s: Widens() = %v", tc.name, got.Widens())
		}
	}
}

func TestEgressJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		E Egress `json:"egress"`
	}{})
	if err != nil || string(b) != `{"egress":[]}` {
		t.Errorf("empty egress: %s %v", b, err)
	}
	b, _ = json.Marshal(Egress{{Kind: EgressHostAdded, Host: "https://a.example", Widening: true}})
	if string(b) != `[{"kind":"host_added","host":"https://a.example","widening":true}]` {
		t.Errorf("egress: %s", b)
	}
}

// A sensitive path that names a whole map hides its keys: the fields under
// it become one, where the first was.
func TestRedactWholeMap(t *testing.T) {
	fields := []Field{
		{Path: "name", Before: "a", After: "b"},
		{Path: "metadata.SEKRIT1", Before: nil, After: "x"},
		{Path: "metadata.SEKRIT2", Before: "y", After: nil},
		{Path: "description", Before: "c", After: "d"},
	}
	got := Redact(fields, []string{"metadata", "description", "metadata.SEKRIT2"})
	want := []Field{
		{Path: "name", Before: "a", After: "b"},
		{Path: "metadata", Sensitive: true},
		{Path: "description", Sensitive: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Redact = %+v, want %+v", got, want)
	}
}
