package feed

// TEMPORARY: replaced by the scanner/splice implementation (feed/parse.go,
// feed/render.go). Only here so the packages that build on the types compile.

type layout struct{}

// SyntaxError is a feed that is not well-formed XML and could not be repaired.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string { return "feed: malformed" }

// Parse reads an upstream feed (RSS 2.0 or Atom, any declared encoding).
func Parse(raw []byte) (*Document, error) { panic("feed.Parse: not implemented") }

// Render returns Src with adds[i] spliced into Items[i].
func (d *Document) Render(adds []Additions, opt RenderOptions) []byte {
	panic("feed.Render: not implemented")
}
