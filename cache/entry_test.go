package cache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fullEntry() *Entry {
	t0 := time.Date(2025, 11, 27, 13, 57, 1, 123456789, time.UTC)
	return &Entry{
		Body:                 bytes.Repeat([]byte("\x1f\x8b<rss>…</rss>"), 1000),
		ETag:                 `"3f2a9c"`,
		LastModified:         t0,
		FetchedAt:            t0.Add(time.Minute),
		FreshUntil:           t0.Add(16 * time.Minute),
		UpstreamURL:          "https://feeds.example.org/show.xml",
		UpstreamETag:         `W/"abc"`,
		UpstreamLastModified: "Thu, 27 Nov 2025 13:00:00 GMT",
		Repairs:              []string{"transcoded from ISO-8859-1", "removed 3 bytes before the XML declaration"},
		Files: map[string][]byte{
			"chapters/0a1b2c.json": []byte(`{"version":"1.2.0","chapters":[]}`),
			"chapters/ffee00.json": []byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"}]}`),
		},
	}
}

func TestEntryRoundTrip(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	tests := map[string]*Entry{
		"full":  fullEntry(),
		"empty": {},
		"zero times, no repairs": {
			Body: []byte("x"), ETag: `"1"`, UpstreamURL: "https://a/b",
		},
		"non-UTC times come back as the same instant": {
			LastModified: time.Date(2024, 2, 29, 23, 59, 59, 1, berlin),
			FreshUntil:   time.Unix(0, 0),
		},
		"extreme representable times": {
			LastModified: time.Unix(0, -1<<63),
			FetchedAt:    time.Unix(0, 1<<63-1),
		},
		"multi-MB body": {Body: bytes.Repeat([]byte{0, 1, 2, 0xff}, 1<<20)},
		"empty strings in repairs": {
			Repairs: []string{"", "a", ""},
		},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := in.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary: %v", err)
			}
			var out Entry
			if err := out.UnmarshalBinary(b); err != nil {
				t.Fatalf("UnmarshalBinary: %v", err)
			}
			assertSameEntry(t, &out, in)
		})
	}
}

func assertSameEntry(t *testing.T, got, want *Entry) {
	t.Helper()
	if !bytes.Equal(got.Body, want.Body) {
		t.Errorf("Body: got %d bytes, want %d (equal=false)", len(got.Body), len(want.Body))
	}
	for _, f := range []struct {
		name      string
		got, want time.Time
	}{
		{"LastModified", got.LastModified, want.LastModified},
		{"FetchedAt", got.FetchedAt, want.FetchedAt},
		{"FreshUntil", got.FreshUntil, want.FreshUntil},
	} {
		if !f.got.Equal(f.want) || f.got.IsZero() != f.want.IsZero() {
			t.Errorf("%s: got %v, want %v", f.name, f.got, f.want)
		}
	}
	gs := []string{got.ETag, got.UpstreamURL, got.UpstreamETag, got.UpstreamLastModified}
	ws := []string{want.ETag, want.UpstreamURL, want.UpstreamETag, want.UpstreamLastModified}
	if !reflect.DeepEqual(gs, ws) {
		t.Errorf("strings: got %q, want %q", gs, ws)
	}
	if len(got.Repairs) != len(want.Repairs) || (len(want.Repairs) > 0 && !reflect.DeepEqual(got.Repairs, want.Repairs)) {
		t.Errorf("Repairs: got %q, want %q", got.Repairs, want.Repairs)
	}
	if len(got.Files) != len(want.Files) || (len(want.Files) > 0 && !reflect.DeepEqual(got.Files, want.Files)) {
		t.Errorf("Files: got %q, want %q", got.Files, want.Files)
	}
}

func TestEntryMarshalOutOfRangeTime(t *testing.T) {
	e := &Entry{FreshUntil: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := e.MarshalBinary(); err == nil || !strings.Contains(err.Error(), "FreshUntil") {
		t.Fatalf("MarshalBinary of year 3000: got %v, want an error naming FreshUntil", err)
	}
}

// withCRC appends a valid checksum, so a test can reach the field decoder.
func withCRC(payload []byte) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), payload...), crc32.Checksum(payload, castagnoli))
}

func TestEntryUnmarshalRejects(t *testing.T) {
	good, err := fullEntry().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	payload := good[:len(good)-crcSize]
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x40
	otherVersion := append([]byte(nil), good...)
	otherVersion[len(entryMagic)] = 1

	tests := map[string]struct {
		in   []byte
		want string // substring of the error
	}{
		"nil":                  {nil, "not a recast cache entry"},
		"json":                 {[]byte(`{"Body":"PHJzcz4="}`), "not a recast cache entry"},
		"magic only":           {[]byte("rcE\x02"), "not a recast cache entry"},
		"other version":        {otherVersion, "format version 1"},
		"truncated":            {good[:len(good)-100], "checksum"},
		"truncated to header":  {good[:10], "checksum"},
		"one bit flipped":      {flipped, "checksum"},
		"trailing byte":        {append(append([]byte(nil), good...), 0), "checksum"},
		"valid crc, trailing":  {withCRC(append(append([]byte(nil), payload...), 7)), "trailing"},
		"valid crc, cut short": {withCRC(payload[:len(payload)-5]), "Files: length exceeds input"},
		"valid crc, huge body length": {
			withCRC(append([]byte("rcE\x02"), binary.AppendUvarint(nil, 1<<62)...)), "Body: length exceeds input",
		},
		"valid crc, bad varint": {
			withCRC([]byte("rcE\x02\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")), "Body: bad length",
		},
		"valid crc, bad time flag": {
			withCRC([]byte("rcE\x02\x00\x00\x07")), "LastModified: bad time flag 7",
		},
		"valid crc, huge repairs count": {
			withCRC(append([]byte("rcE\x02\x00\x00\x00\x00\x00\x00\x00\x00"), binary.AppendUvarint(nil, 1<<40)...)), "Repairs: count exceeds input",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := &Entry{ETag: "keep"}
			err := e.UnmarshalBinary(tc.in)
			if err == nil {
				t.Fatalf("UnmarshalBinary accepted bad input")
			}
			if !errors.Is(err, ErrBadEntry) {
				t.Errorf("error %v does not wrap ErrBadEntry", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if e.ETag != "keep" {
				t.Errorf("failed UnmarshalBinary modified the entry: ETag=%q", e.ETag)
			}
		})
	}
}

// FuzzEntryUnmarshal feeds arbitrary payloads with a valid checksum to the
// decoder: it must never panic, and whatever it accepts must survive a
// marshal/unmarshal round trip.
func FuzzEntryUnmarshal(f *testing.F) {
	small := fullEntry()
	small.Body = []byte("\x1f\x8b<rss/>")
	for _, e := range []*Entry{small, {}, {Body: []byte("x"), Repairs: []string{"r"}}} {
		b, err := e.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:len(b)-crcSize])
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		var e Entry
		if err := e.UnmarshalBinary(withCRC(payload)); err != nil {
			return
		}
		b, err := e.MarshalBinary()
		if err != nil {
			t.Fatalf("re-marshal of an accepted entry: %v", err)
		}
		var again Entry
		if err := again.UnmarshalBinary(b); err != nil {
			t.Fatalf("round trip of an accepted entry: %v", err)
		}
		assertSameEntry(t, &again, &e)
	})
}

func BenchmarkEntryUnmarshal(b *testing.B) {
	e := fullEntry()
	e.Body = bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	data, err := e.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var out Entry
		if err := out.UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
	}
}
