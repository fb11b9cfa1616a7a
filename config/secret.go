package config

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Secret is a credential the config names rather than holds: from a file
// (a mounted secret), an environment variable, or, for tests and trials,
// inline. YAML takes a mapping ({file: PATH}, {env: NAME}, {value: S}) or a
// plain string (the value). It never prints itself: String and MarshalYAML
// hide it, so a Secret is safe in logs, errors and --print-config.
type Secret struct {
	Value string `yaml:"value"`
	File  string `yaml:"file"`
	Env   string `yaml:"env"`

	present  bool // named in the YAML, even if empty
	resolved string
}

// UnmarshalYAML takes a plain string as the value, or a mapping of
// value, file or env; any other key is an error (a typo must not leave a
// private feed without its token, or send an empty header).
func (s *Secret) UnmarshalYAML(n *yaml.Node) error {
	s.present = true
	if n.Kind == yaml.ScalarNode {
		s.Value = n.Value
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a secret is a string or {file: PATH}, {env: NAME}, {value: S}", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s of a secret must be a string", v.Line, k.Value)
		}
		switch k.Value {
		case "value":
			s.Value = v.Value
		case "file":
			s.File = v.Value
		case "env":
			s.Env = v.Value
		default:
			return fmt.Errorf("line %d: unknown key %q in a secret: want file, env or value", k.Line, k.Value)
		}
	}
	return nil
}

// MarshalYAML writes where the secret comes from, never its value.
func (s Secret) MarshalYAML() (any, error) {
	out := map[string]string{}
	switch {
	case s.File != "":
		out["file"] = s.File
	case s.Env != "":
		out["env"] = s.Env
	case s.Value != "":
		out["value"] = "REDACTED"
	}
	return out, nil
}

// String hides the secret.
func (s Secret) String() string { return "REDACTED" }

// GoString hides the secret from %#v too.
func (s Secret) GoString() string { return "config.Secret{REDACTED}" }

// Set reports whether the secret is configured at all.
func (s Secret) Set() bool { return s.Value != "" || s.File != "" || s.Env != "" }

// Reveal is the secret's value, after Resolve.
func (s Secret) Reveal() string { return s.resolved }

// check says what is wrong with how the secret is named.
func (s Secret) check() error {
	n := 0
	for _, v := range []string{s.Value, s.File, s.Env} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		return errors.New("set one of value, file and env")
	}
	if n == 0 && s.present {
		return errors.New("empty: name a file, an env variable or a value")
	}
	return nil
}

// Resolve reads the secret from its file or variable. Errors name the
// file or variable, never the value.
func (s *Secret) Resolve(getenv func(string) string) error {
	switch {
	case s.File != "":
		b, err := os.ReadFile(s.File)
		if err != nil {
			return err
		}
		s.resolved = strings.TrimRight(string(b), "\r\n")
		if s.resolved == "" {
			return fmt.Errorf("%s is empty", s.File)
		}
	case s.Env != "":
		s.resolved = getenv(s.Env)
		if s.resolved == "" {
			return fmt.Errorf("environment variable %s is not set", s.Env)
		}
	default:
		s.resolved = s.Value
	}
	if strings.ContainsAny(s.resolved, "\r\n") {
		return errors.New("holds a line break")
	}
	return nil
}

// Upstream is how recast authenticates to a private upstream feed. The
// credentials are sent to the feed's own host only: a redirect to another
// host gets none.
type Upstream struct {
	Username string            `yaml:"username"` // HTTP basic auth, with Password
	Password Secret            `yaml:"password"`
	Headers  map[string]Secret `yaml:"headers"` // extra request headers (X-Api-Key, Authorization: Bearer …)
	Query    map[string]Secret `yaml:"query"`   // query parameters added to the feed URL (?auth=…)
}

// Set reports whether any credential is configured.
func (u Upstream) Set() bool {
	return u.Username != "" || u.Password.Set() || len(u.Headers) > 0 || len(u.Query) > 0
}

// MinFeedToken is the shortest feeds[].token accepted.
const MinFeedToken = 16

// feedToken is what a path token may hold: URL-safe characters.
var feedToken = regexp.MustCompile(`^[A-Za-z0-9_~.-]+$`)

var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// checkPrivate checks a feed's upstream credentials and token as named.
func checkPrivate(key string, f *Feed, bad func(key, format string, a ...any)) {
	u := f.Upstream
	if (u.Username == "") != !u.Password.Set() {
		bad(key+".upstream", "feed %q: username and password go together", f.Name)
	}
	if err := u.Password.check(); err != nil {
		bad(key+".upstream.password", "feed %q: %v", f.Name, err)
	}
	for name, s := range u.Headers {
		if !headerName.MatchString(name) {
			bad(key+".upstream.headers", "feed %q: %q is not a header name", f.Name, name)
		}
		switch http.CanonicalHeaderKey(name) {
		case "Host", "Content-Length", "Transfer-Encoding", "Connection", "If-None-Match", "If-Modified-Since", "Range":
			bad(key+".upstream.headers", "feed %q: recast sets %s itself", f.Name, name)
		}
		if err := s.check(); err != nil {
			bad(key+".upstream.headers."+name, "feed %q: %v", f.Name, err)
		}
	}
	for name, s := range u.Query {
		if name == "" {
			bad(key+".upstream.query", "feed %q: a parameter without a name", f.Name)
		}
		if err := s.check(); err != nil {
			bad(key+".upstream.query."+name, "feed %q: %v", f.Name, err)
		}
	}
	if err := f.Token.check(); err != nil {
		bad(key+".token", "feed %q: %v", f.Name, err)
	}
}

// ResolveSecrets reads every secret the feeds name (files, environment)
// and checks the tokens; errors name the key, never a value.
func (c *Config) ResolveSecrets(getenv func(string) string) error {
	var errs []error
	bad := func(key string, err error) { errs = append(errs, &Problem{Key: key, Err: err}) }
	for i := range c.Feeds {
		f := &c.Feeds[i]
		key := fmt.Sprintf("feeds[%d]", i)
		if err := f.Upstream.Password.Resolve(getenv); err != nil {
			bad(key+".upstream.password", err)
		}
		for name, s := range f.Upstream.Headers {
			if err := s.Resolve(getenv); err != nil {
				bad(key+".upstream.headers."+name, err)
			}
			f.Upstream.Headers[name] = s
		}
		for name, s := range f.Upstream.Query {
			if err := s.Resolve(getenv); err != nil {
				bad(key+".upstream.query."+name, err)
			}
			f.Upstream.Query[name] = s
		}
		if !f.Token.Set() {
			continue
		}
		if err := f.Token.Resolve(getenv); err != nil {
			bad(key+".token", err)
		} else if t := f.Token.Reveal(); len(t) < MinFeedToken || !feedToken.MatchString(t) {
			bad(key+".token", fmt.Errorf("want at least %d characters of A-Z a-z 0-9 _ ~ . - (e.g. openssl rand -hex 16)", MinFeedToken))
		}
	}
	return errors.Join(errs...)
}

// IsZero reports whether no secret is configured (for omitempty).
func (s Secret) IsZero() bool { return !s.Set() }

// IsZero reports whether no credential is configured (for omitempty).
func (u Upstream) IsZero() bool { return !u.Set() }
