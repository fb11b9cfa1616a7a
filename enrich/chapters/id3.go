package chapters

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/recast-podcast/recast/feed"
)

// ErrNoID3 is returned by ID3Chapters for data that does not start with an
// ID3v2 tag.
var ErrNoID3 = errors.New("chapters: no ID3v2 tag")

// errID3 is a tag whose header is broken.
var errID3 = errors.New("chapters: malformed ID3v2 header")

// maxCHAP bounds the chapters read from one tag.
const maxCHAP = 1000

// ID3Chapters reads the chapters of the ID3v2.3 or ID3v2.4 tag at the start
// of b (the first bytes of an MP3 file). Spec: ID3v2.3.0 and ID3v2.4.0
// (id3.org), "ID3v2 Chapter Frame Addendum" 1.0: CHAP frames with element
// id, start and end time in milliseconds and embedded sub-frames, of which
// TIT2 is the title and WXXX the URL.
//
// Sizes are never trusted: a tag or frame running past b is read as far as b
// goes, frames that do not fit are dropped, and no size makes it allocate
// more than len(b). The unsynchronisation scheme (tag-wide in 2.3,
// per frame in 2.4), extended headers, grouping and data-length bytes are
// handled; compressed and encrypted frames are skipped. v2.4 frame sizes
// written without syncsafe coding (as some encoders do) are recognised.
//
// The result is ascending, one chapter per start, titles trimmed; chapters
// without a title are dropped. It is nil with a nil error for a tag without
// chapters or an ID3v2.2 tag (which has no CHAP frame). ErrNoID3 means b
// does not start with a tag.
func ID3Chapters(b []byte) ([]feed.Chapter, error) {
	if len(b) < 10 || string(b[:3]) != "ID3" {
		return nil, ErrNoID3
	}
	major, flags := b[3], b[5]
	if b[4] == 0xff || major == 0xff || b[6]|b[7]|b[8]|b[9] >= 0x80 {
		return nil, errID3
	}
	if major != 3 && major != 4 {
		return nil, nil
	}
	body := b[10:]
	if size := syncsafe(b[6:10]); size < len(body) {
		body = body[:size]
	}
	unsyncFrames := false
	if flags&0x80 != 0 {
		if major == 3 {
			body = unsync(body)
		} else {
			unsyncFrames = true
		}
	}
	if flags&0x40 != 0 && len(body) >= 4 {
		// Extended header: 2.3 counts the size without its own 4 bytes,
		// 2.4 with them, syncsafe.
		n := be32(body)
		if major == 4 {
			n = syncsafe(body)
		} else {
			n += 4
		}
		if n < 0 || n > len(body) {
			return nil, nil
		}
		body = body[n:]
	}
	var chs []feed.Chapter
	walkFrames(body, major, unsyncFrames, func(id string, data []byte) bool {
		if id == "CHAP" {
			if c, ok := readCHAP(data, major); ok {
				chs = append(chs, c)
			}
		}
		return len(chs) < maxCHAP
	})
	return authored(chs), nil
}

// readCHAP reads one CHAP frame's body.
func readCHAP(data []byte, major byte) (feed.Chapter, bool) {
	var c feed.Chapter
	i := bytes.IndexByte(data, 0)
	if i < 0 || len(data) < i+1+16 {
		return c, false
	}
	d := data[i+1:]
	c.Start = float64(uint32(be32(d))) / 1000
	walkFrames(d[16:], major, false, func(id string, sub []byte) bool {
		switch id {
		case "TIT2":
			if c.Title == "" {
				c.Title = decodeText(sub)
			}
		case "WXXX":
			if c.URL == "" {
				c.URL = userURL(sub)
			}
		}
		return true
	})
	return c, true
}

// walkFrames calls fn for each frame of b (a tag body or a CHAP frame's
// sub-frames) until fn returns false, padding starts or a frame does not fit.
func walkFrames(b []byte, major byte, unsyncAll bool, fn func(id string, data []byte) bool) {
	for len(b) >= 10 && b[0] != 0 {
		if !isFrameID(b[:4]) {
			return
		}
		size := be32(b[4:])
		if major == 4 && b[4]|b[5]|b[6]|b[7] < 0x80 {
			// Syncsafe, unless the plain reading is the one that lands on
			// the next frame (an encoder that ignored the 2.4 coding).
			if ss := syncsafe(b[4:]); ss == size || landsOnFrame(b, 10+ss) || !landsOnFrame(b, 10+size) {
				size = ss
			}
		}
		if size < 0 || size > len(b)-10 {
			return
		}
		id, fl, data := string(b[:4]), b[9], b[10:10+size]
		b = b[10+size:]
		if major == 3 {
			if fl&0xc0 != 0 { // compressed or encrypted
				continue
			}
			if fl&0x20 != 0 { // grouping identity
				if len(data) < 1 {
					continue
				}
				data = data[1:]
			}
		} else {
			if fl&0x0c != 0 { // compressed or encrypted
				continue
			}
			if fl&0x40 != 0 {
				if len(data) < 1 {
					continue
				}
				data = data[1:]
			}
			if fl&0x01 != 0 { // data length indicator
				if len(data) < 4 {
					continue
				}
				data = data[4:]
			}
			if fl&0x02 != 0 || unsyncAll {
				data = unsync(data)
			}
		}
		if !fn(id, data) {
			return
		}
	}
}

// landsOnFrame reports whether offset off of b is the end of b, padding or
// the start of a frame.
func landsOnFrame(b []byte, off int) bool {
	switch {
	case off == len(b):
		return true
	case off < 0 || off > len(b):
		return false
	case b[off] == 0:
		return true
	}
	return off+4 <= len(b) && isFrameID(b[off:off+4])
}

func isFrameID(id []byte) bool {
	for _, c := range id[:4] {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// unsync undoes the unsynchronisation scheme: 0xFF 0x00 becomes 0xFF. It
// returns b itself when there is nothing to undo.
func unsync(b []byte) []byte {
	i := bytes.Index(b, []byte{0xff, 0x00})
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for j := 0; j < len(b); j++ {
		out = append(out, b[j])
		if b[j] == 0xff && j+1 < len(b) && b[j+1] == 0 {
			j++
		}
	}
	return out
}

func be32(b []byte) int {
	return int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
}

func syncsafe(b []byte) int {
	return int(b[0]&0x7f)<<21 | int(b[1]&0x7f)<<14 | int(b[2]&0x7f)<<7 | int(b[3]&0x7f)
}

// decodeText reads a text frame (TIT2): an encoding byte, then the text; for
// several strings (2.4), the first.
func decodeText(b []byte) string {
	if len(b) < 1 {
		return ""
	}
	s, _ := decodeString(b[0], b[1:])
	return strings.TrimSpace(s)
}

// userURL reads a WXXX frame: encoding, description, then a Latin-1 URL.
func userURL(b []byte) string {
	if len(b) < 1 {
		return ""
	}
	_, rest := decodeString(b[0], b[1:])
	u := strings.TrimSpace(latin1(bytes.TrimRight(rest, "\x00")))
	if !isHTTP(u) {
		return ""
	}
	return u
}

// decodeString reads one terminated string in ID3 text encoding enc from b
// and returns it with the bytes after its terminator.
func decodeString(enc byte, b []byte) (string, []byte) {
	switch enc {
	case 0, 3: // ISO-8859-1, UTF-8: one 0 byte ends the string
		s, rest := b, []byte(nil)
		if i := bytes.IndexByte(b, 0); i >= 0 {
			s, rest = b[:i], b[i+1:]
		}
		if enc == 0 {
			return latin1(s), rest
		}
		return strings.ToValidUTF8(string(s), "\uFFFD"), rest
	case 1, 2: // UTF-16 with BOM, UTF-16BE: two 0 bytes at an even offset end it
		end, rest := len(b)&^1, []byte(nil)
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 && b[i+1] == 0 {
				end, rest = i, b[i+2:]
				break
			}
		}
		return utf16String(b[:end], enc == 2), rest
	}
	return "", nil
}

// utf16String decodes UTF-16, big-endian unless a BOM says otherwise (or
// forceBE is set, for encoding 2).
func utf16String(b []byte, forceBE bool) string {
	le := false
	if !forceBE && len(b) >= 2 {
		switch {
		case b[0] == 0xff && b[1] == 0xfe:
			le, b = true, b[2:]
		case b[0] == 0xfe && b[1] == 0xff:
			b = b[2:]
		}
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if le {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	return string(utf16.Decode(u))
}

func latin1(b []byte) string {
	buf := make([]byte, 0, len(b))
	for _, c := range b {
		buf = utf8.AppendRune(buf, rune(c))
	}
	return string(buf)
}
