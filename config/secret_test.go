package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Secrets come from a file, a variable or inline; they resolve, and no
// printing of the config or its errors shows them.
func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("file-password-value\n"), 0o600)
	tok := filepath.Join(dir, "tok")
	os.WriteFile(tok, []byte("feed-token-0123456789\n"), 0o600)
	file := filepath.Join(dir, "recast.yaml")
	os.WriteFile(file, []byte(`feeds:
  - name: members
    url: https://members.example.invalid/feed.xml
    upstream:
      username: alice
      password: {file: `+pw+`}
      headers:
        X-Api-Key: {env: MEMBERS_KEY}
      query:
        auth: inline-query-value
    token: {file: `+tok+`}
`), 0o644)
	c := Default()
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MEMBERS_KEY": "env-header-value"}
	if err := c.ResolveSecrets(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	f := c.Feeds[0]
	for got, want := range map[string]string{
		f.Upstream.Password.Reveal():             "file-password-value",
		f.Upstream.Headers["X-Api-Key"].Reveal(): "env-header-value",
		f.Upstream.Query["auth"].Reveal():        "inline-query-value",
		f.Token.Reveal():                         "feed-token-0123456789",
	} {
		if got != want {
			t.Errorf("resolved %q, want %q", got, want)
		}
	}
	printed := c.Redacted() + f.Token.String() + strings.Join([]string{f.Upstream.Password.GoString()}, "")
	for _, secret := range []string{"file-password-value", "env-header-value", "inline-query-value", "feed-token-0123456789"} {
		if strings.Contains(printed, secret) {
			t.Errorf("the printed config shows %q:\n%s", secret, printed)
		}
	}
	if !strings.Contains(printed, "MEMBERS_KEY") || !strings.Contains(printed, pw) {
		t.Errorf("the printed config does not say where secrets come from:\n%s", printed)
	}

	// Errors name the key, not the value.
	for name, c := range map[string]struct {
		feed Feed
		env  map[string]string
		want string
	}{
		"a short token":        {Feed{Name: "a", URL: "https://a.example.invalid/", Token: Secret{Value: "short-token"}}, nil, "feeds[0].token"},
		"a token with a slash": {Feed{Name: "a", URL: "https://a.example.invalid/", Token: Secret{Value: "0123456789/abcdefgh"}}, nil, "feeds[0].token"},
		"an unset variable":    {Feed{Name: "a", URL: "https://a.example.invalid/", Upstream: Upstream{Username: "u", Password: Secret{Env: "NOPE"}}}, nil, "NOPE is not set"},
		"a missing file":       {Feed{Name: "a", URL: "https://a.example.invalid/", Token: Secret{File: filepath.Join(dir, "none")}}, nil, "feeds[0].token"},
	} {
		cfg := Default()
		cfg.Feeds = []Feed{c.feed}
		err := cfg.Validate()
		if err == nil {
			err = cfg.ResolveSecrets(func(k string) string { return c.env[k] })
		}
		var p *Problem
		if err == nil || !errors.As(err, &p) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a problem naming %q", name, err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), "short-token") || strings.Contains(err.Error(), "0123456789/abcdefgh")) {
			t.Errorf("%s: the error shows the secret: %v", name, err)
		}
	}
	bad := Default()
	bad.Feeds = []Feed{{Name: "a", URL: "https://a.example.invalid/", Upstream: Upstream{Username: "u", Password: Secret{Value: "x", Env: "Y"}, Headers: map[string]Secret{"Host": {Value: "h"}}}}}
	err := bad.Validate()
	for _, want := range []string{"set one of value, file and env", "recast sets Host itself"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate: %v, want %q", err, want)
		}
	}
}

// A secret block with a typo or nothing in it is an error, never a feed
// silently public or a header sent empty.
func TestSecretTypos(t *testing.T) {
	for name, c := range map[string]struct{ yaml, want string }{
		"a misspelt key":   {"    token: {fiel: /run/secrets/t}\n", `unknown key "fiel"`},
		"an empty mapping": {"    token: {}\n", "empty"},
		"an empty string":  {"    token: \"\"\n", "empty"},
		"an empty header":  {"    upstream: {headers: {X-Api-Key: {}}}\n", "empty"},
		"a list":           {"    token: [a, b]\n", "a secret is a string"},
	} {
		file := filepath.Join(t.TempDir(), "recast.yaml")
		os.WriteFile(file, []byte("feeds:\n  - name: members\n    url: https://members.example.invalid/feed.xml\n"+c.yaml), 0o644)
		cfg := Default()
		err := cfg.LoadFile(file)
		if err == nil {
			err = cfg.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
}
