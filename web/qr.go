package web

import (
	"html/template"
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// qrSVG draws s as a QR code in inline SVG: one path of unit squares, which
// scales to any size and prints sharp; "" when s does not fit a QR code.
func qrSVG(s string) template.HTML {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return ""
	}
	q.DisableBorder = false
	bits := q.Bitmap()
	n := len(bits)
	var d strings.Builder
	for y, row := range bits {
		for x, on := range row {
			if on {
				d.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y) + "h1v1h-1z")
			}
		}
	}
	size := strconv.Itoa(n)
	// The path is digits and letters only; the caption is escaped.
	return template.HTML(`<svg class="qr" viewBox="0 0 ` + size + ` ` + size + `" role="img" aria-label="QR code of ` +
		template.HTMLEscapeString(s) + `" shape-rendering="crispEdges"><rect width="` + size + `" height="` + size +
		`" fill="#fff"/><path d="` + d.String() + `" fill="#000"/></svg>`)
}
