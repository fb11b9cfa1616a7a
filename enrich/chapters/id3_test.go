package chapters

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"testing"
	"unicode/utf16"

	"github.com/recast-podcast/recast/feed"
)

// The helpers below write ID3v2 tags by the spec, for the decoder to read.

func syncsafeBytes(n int) []byte {
	return []byte{byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
}

// frame writes one frame; plainSize writes a v2.4 size without syncsafe
// coding, as some encoders do.
func frame(major byte, id string, flags byte, data []byte, plainSize bool) []byte {
	b := []byte(id)
	if major == 4 && !plainSize {
		b = append(b, syncsafeBytes(len(data))...)
	} else {
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	}
	b = append(b, 0, flags)
	return append(b, data...)
}

func chapData(major byte, elem string, startMS uint32, subs ...[]byte) []byte {
	b := append([]byte(elem), 0)
	b = binary.BigEndian.AppendUint32(b, startMS)
	b = binary.BigEndian.AppendUint32(b, startMS+1000)
	b = append(b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	for _, s := range subs {
		b = append(b, s...)
	}
	return b
}

// text encodes s in ID3 encoding enc (0 Latin-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8).
func text(enc byte, s string) []byte {
	b := []byte{enc}
	switch enc {
	case 0:
		for _, r := range s {
			b = append(b, byte(r))
		}
	case 1, 2:
		if enc == 1 {
			b = append(b, 0xff, 0xfe)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if enc == 1 {
				b = append(b, byte(u), byte(u>>8))
			} else {
				b = append(b, byte(u>>8), byte(u))
			}
		}
		b = append(b, 0, 0)
	case 3:
		b = append(append(b, s...), 0)
	}
	return b
}

func tag(major, flags byte, body ...[]byte) []byte {
	all := bytes.Join(body, nil)
	h := append([]byte{'I', 'D', '3', major, 0, flags}, syncsafeBytes(len(all))...)
	return append(h, all...)
}

// unsyncEncode applies the unsynchronisation scheme: 0x00 after every 0xFF.
func unsyncEncode(b []byte) []byte {
	var out []byte
	for _, c := range b {
		out = append(out, c)
		if c == 0xff {
			out = append(out, 0)
		}
	}
	return out
}

func TestID3Chapters(t *testing.T) {
	v3chap := func(elem string, ms uint32, title string) []byte {
		return frame(3, "CHAP", 0, chapData(3, elem, ms, frame(3, "TIT2", 0, text(0, title), false)), false)
	}
	// 298 bytes: TIT2 is 300 bytes and CHAP 328, sizes whose bytes are all
	// below 0x80 yet read differently as syncsafe numbers.
	longTitle := string(bytes.Repeat([]byte("x"), 298))
	tests := map[string]struct {
		in      []byte
		want    []feed.Chapter
		wantErr error
	}{
		"v2.3 Latin-1, out of order, with a TIT2 frame around": {
			in: tag(3, 0,
				frame(3, "TIT2", 0, text(0, "Episode 12"), false),
				v3chap("chp1", 74000, "The interview begins"),
				v3chap("chp0", 0, "Rob's intro"),
				make([]byte, 64)), // padding
			want: []feed.Chapter{{Start: 0, Title: "Rob's intro"}, {Start: 74, Title: "The interview begins"}},
		},
		"v2.4 UTF-8 titles and WXXX url": {
			in: tag(4, 0,
				frame(4, "CHAP", 0, chapData(4, "a", 0, frame(4, "TIT2", 0, text(3, "Einführung"), false)), false),
				frame(4, "CHAP", 0, chapData(4, "b", 1500,
					frame(4, "TIT2", 0, text(3, "Übersicht"), false),
					frame(4, "WXXX", 0, append(text(3, "link"), "https://example.org/x"...), false)), false)),
			want: []feed.Chapter{{Start: 0, Title: "Einführung"}, {Start: 1.5, Title: "Übersicht", URL: "https://example.org/x"}},
		},
		"v2.4 sizes written without syncsafe coding": {
			in: tag(4, 0,
				frame(4, "CHAP", 0, chapData(4, "a", 0, frame(4, "TIT2", 0, text(3, longTitle), true)), true),
				frame(4, "CHAP", 0, chapData(4, "b", 60000, frame(4, "TIT2", 0, text(3, "Second"), true)), true)),
			want: []feed.Chapter{{Start: 0, Title: longTitle}, {Start: 60, Title: "Second"}},
		},
		"UTF-16 with BOM and UTF-16BE": {
			in: tag(3, 0,
				frame(3, "CHAP", 0, chapData(3, "a", 0, frame(3, "TIT2", 0, text(1, "Intro 🎙"), false)), false),
				frame(3, "CHAP", 0, chapData(3, "b", 2000, frame(3, "TIT2", 0, text(2, "Ende"), false)), false)),
			want: []feed.Chapter{{Start: 0, Title: "Intro 🎙"}, {Start: 2, Title: "Ende"}},
		},
		"v2.3 whole-tag unsynchronisation": {
			// 0xFF in the start time and in the Latin-1 title (ÿ).
			in: func() []byte {
				body := append(v3chap("a", 0, "ÿes"), v3chap("b", 0x0000ff00, "Next")...)
				return tag(3, 0x80, unsyncEncode(body))
			}(),
			want: []feed.Chapter{{Start: 0, Title: "ÿes"}, {Start: 65.28, Title: "Next"}},
		},
		"v2.4 per-frame unsynchronisation and data length indicator": {
			in: func() []byte {
				data := chapData(4, "a", 0x00ff00, frame(4, "TIT2", 0, text(0, "ÿ"), false))
				enc := unsyncEncode(data)
				payload := append(syncsafeBytes(len(data)), enc...)
				return tag(4, 0,
					frame(4, "CHAP", 0x03, payload, false),
					frame(4, "CHAP", 0, chapData(4, "b", 0, frame(4, "TIT2", 0, text(3, "Start"), false)), false))
			}(),
			want: []feed.Chapter{{Start: 0, Title: "Start"}, {Start: 65.28, Title: "ÿ"}},
		},
		"v2.3 extended header": {
			in: tag(3, 0x40,
				[]byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0},
				v3chap("a", 0, "One"), v3chap("b", 1000, "Two")),
			want: []feed.Chapter{{Start: 0, Title: "One"}, {Start: 1, Title: "Two"}},
		},
		"v2.4 extended header": {
			in: tag(4, 0x40,
				[]byte{0, 0, 0, 6, 1, 0},
				frame(4, "CHAP", 0, chapData(4, "a", 0, frame(4, "TIT2", 0, text(3, "One"), false)), false)),
			want: []feed.Chapter{{Start: 0, Title: "One"}},
		},
		"compressed frame skipped, untitled chapter dropped": {
			in: tag(3, 0,
				frame(3, "CHAP", 0x80, chapData(3, "z", 5000, frame(3, "TIT2", 0, text(0, "Packed"), false)), false),
				frame(3, "CHAP", 0, chapData(3, "u", 7000), false),
				v3chap("a", 0, "Kept")),
			want: []feed.Chapter{{Start: 0, Title: "Kept"}},
		},
		"tag cut short by the range request: frames that fit are read": {
			in: func() []byte {
				full := tag(3, 0, v3chap("a", 0, "First"), v3chap("b", 9000, "Second"), v3chap("c", 20000, "Third"))
				return full[:len(full)-5]
			}(),
			want: []feed.Chapter{{Start: 0, Title: "First"}, {Start: 9, Title: "Second"}},
		},
		"frame size past the end": {
			in: tag(3, 0, []byte{'C', 'H', 'A', 'P', 0x7f, 0xff, 0xff, 0xff, 0, 0, 'x'}),
		},
		"garbage frame id stops reading": {
			in:   tag(3, 0, v3chap("a", 0, "First"), []byte("\x01\x02\x03\x04\x00\x00\x00\x01\x00\x00x"), v3chap("b", 9000, "Never")),
			want: []feed.Chapter{{Start: 0, Title: "First"}},
		},
		"CHAP without element id terminator": {
			in: tag(3, 0, frame(3, "CHAP", 0, []byte("abcdef"), false)),
		},
		"ID3v2.2 has no CHAP": {
			in: append([]byte{'I', 'D', '3', 2, 0, 0, 0, 0, 0, 10}, make([]byte, 10)...),
		},
		"MPEG audio without a tag": {
			in:      []byte{0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0},
			wantErr: ErrNoID3,
		},
		"broken syncsafe header size": {
			in:      []byte{'I', 'D', '3', 3, 0, 0, 0x80, 0, 0, 0, 0, 0},
			wantErr: errID3,
		},
		"empty": {wantErr: ErrNoID3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ID3Chapters(tc.in)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func FuzzID3Chapters(f *testing.F) {
	f.Add(tag(3, 0, frame(3, "CHAP", 0, chapData(3, "a", 0, frame(3, "TIT2", 0, text(0, "x"), false)), false)))
	f.Add(tag(4, 0x80, frame(4, "CHAP", 0x03, []byte{0, 0, 0, 4, 'a', 0, 0xff, 0}, false)))
	f.Add(tag(3, 0x40, []byte{0xff, 0xff, 0xff, 0xff}))
	f.Fuzz(func(t *testing.T, b []byte) {
		chs, err := ID3Chapters(b)
		if err != nil && chs != nil {
			t.Fatalf("chapters with an error")
		}
		for i, c := range chs {
			if c.Title == "" || c.Start < 0 || i > 0 && c.Start <= chs[i-1].Start {
				t.Fatalf("bad chapter %d: %+v", i, chs)
			}
		}
	})
}
