// Package demo holds the feed recast serves when nothing is configured, so
// `recast serve` shows something useful offline. The show is invented for
// the purpose; its URLs are under example.org.
package demo

import "embed"

// FS holds demo.xml, served as builtin:demo.xml.
//
//go:embed demo.xml
var FS embed.FS

// URL is the demo feed's upstream URL.
const URL = "builtin:demo.xml"
