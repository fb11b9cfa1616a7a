package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"time"
)

// Entry is one feed's cached, enriched result.
type Entry struct {
	Body         []byte    // the served feed, gzip-compressed (compressed once per version)
	ETag         string    // strong ETag of the uncompressed body, quoted: "\"…\""
	LastModified time.Time // when the body last changed
	FetchedAt    time.Time // last successful contact with upstream (200 or 304)
	FreshUntil   time.Time // serve without re-fetching until then
	UpstreamURL  string    // the feed URL after permanent redirects ("" = configured URL)

	UpstreamETag, UpstreamLastModified string // validators for the next conditional GET

	Repairs []string // what feed.Parse repaired, for logs and headers

	// Files are kept beside the feed and change with it: the JSON
	// Chapters files served with it, by name ("chapters/{episode}.json"),
	// and the pages' record of what recast added ("recast/added.json",
	// never served). Uncompressed.
	Files map[string][]byte
}

// ErrBadEntry is wrapped by UnmarshalBinary for input that is not an entry
// this version of recast wrote: truncated, corrupted, or of another format
// version. Callers treat it as a cache miss.
var ErrBadEntry = errors.New("cache: bad entry")

// Entry wire format, version 2. All integers are big-endian.
//
//	magic    "rcE"            3 bytes
//	version  1                1 byte
//	fields   Body, ETag       each: uvarint length + bytes
//	times    LastModified, FetchedAt, FreshUntil
//	                          each: 1 byte (0 = zero time, 1 = set),
//	                          then 8 bytes unix nanoseconds when set
//	fields   UpstreamURL, UpstreamETag, UpstreamLastModified
//	repairs  uvarint count, then each as a length-prefixed field
//	files    uvarint count, then name and content as length-prefixed
//	         fields, names in ascending order (version 2)
//	crc      CRC-32C of everything before it, 4 bytes
//
// Anything after the checksum is an error. A new layout gets a new version
// byte; UnmarshalBinary rejects versions it does not know.
const (
	entryMagic   = "rcE"
	entryVersion = 2
	crcSize      = 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes e in recast's versioned entry format. It fails only
// for a non-zero time outside the years 1678–2262 (not representable as
// unix nanoseconds).
func (e *Entry) MarshalBinary() ([]byte, error) {
	n := len(entryMagic) + 1 + 3*(1+8) + crcSize
	for _, s := range []string{e.ETag, e.UpstreamURL, e.UpstreamETag, e.UpstreamLastModified} {
		n += binary.MaxVarintLen64 + len(s)
	}
	n += binary.MaxVarintLen64 + len(e.Body) + binary.MaxVarintLen64
	for _, r := range e.Repairs {
		n += binary.MaxVarintLen64 + len(r)
	}
	names := make([]string, 0, len(e.Files))
	for name, f := range e.Files {
		names = append(names, name)
		n += 2*binary.MaxVarintLen64 + len(name) + len(f)
	}
	slices.Sort(names)
	n += binary.MaxVarintLen64

	b := make([]byte, 0, n)
	b = append(b, entryMagic...)
	b = append(b, entryVersion)
	b = appendField(b, e.Body)
	b = appendField(b, []byte(e.ETag))
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"LastModified", e.LastModified}, {"FetchedAt", e.FetchedAt}, {"FreshUntil", e.FreshUntil}} {
		var err error
		if b, err = appendTime(b, f.t); err != nil {
			return nil, fmt.Errorf("cache: marshal entry: %s: %w", f.name, err)
		}
	}
	b = appendField(b, []byte(e.UpstreamURL))
	b = appendField(b, []byte(e.UpstreamETag))
	b = appendField(b, []byte(e.UpstreamLastModified))
	b = binary.AppendUvarint(b, uint64(len(e.Repairs)))
	for _, r := range e.Repairs {
		b = appendField(b, []byte(r))
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		b = appendField(b, []byte(name))
		b = appendField(b, e.Files[name])
	}
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli)), nil
}

// UnmarshalBinary decodes an entry written by MarshalBinary, replacing every
// field of e. Input that is truncated, corrupted (checksum mismatch), has
// trailing bytes or another version returns an error wrapping ErrBadEntry
// and leaves e unchanged; it never panics.
//
// e.Body aliases b (bodies are megabytes; the cache's values are not
// modified after Set), so b must not be modified afterwards. Times come back
// in UTC without a monotonic reading.
func (e *Entry) UnmarshalBinary(b []byte) error {
	if len(b) < len(entryMagic)+1+crcSize || string(b[:len(entryMagic)]) != entryMagic {
		return fmt.Errorf("%w: not a recast cache entry", ErrBadEntry)
	}
	if v := b[len(entryMagic)]; v != entryVersion {
		return fmt.Errorf("%w: format version %d, want %d", ErrBadEntry, v, entryVersion)
	}
	payload, sum := b[:len(b)-crcSize], b[len(b)-crcSize:]
	if crc32.Checksum(payload, castagnoli) != binary.BigEndian.Uint32(sum) {
		return fmt.Errorf("%w: checksum mismatch (truncated or corrupted)", ErrBadEntry)
	}

	d := decoder{b: payload[len(entryMagic)+1:]}
	var out Entry
	out.Body = d.field("Body")
	out.ETag = string(d.field("ETag"))
	out.LastModified = d.time("LastModified")
	out.FetchedAt = d.time("FetchedAt")
	out.FreshUntil = d.time("FreshUntil")
	out.UpstreamURL = string(d.field("UpstreamURL"))
	out.UpstreamETag = string(d.field("UpstreamETag"))
	out.UpstreamLastModified = string(d.field("UpstreamLastModified"))
	if n := d.uvarint("Repairs"); n > 0 && d.err == nil {
		// Each repair takes at least its one length byte: a count above the
		// remaining bytes is corrupt, and must not size an allocation.
		if n > uint64(len(d.b)) {
			d.fail("Repairs", "count exceeds input")
		} else {
			out.Repairs = make([]string, 0, n)
			for i := uint64(0); i < n && d.err == nil; i++ {
				out.Repairs = append(out.Repairs, string(d.field("Repairs")))
			}
		}
	}
	if n := d.uvarint("Files"); n > 0 && d.err == nil {
		// Each file takes at least two length bytes.
		if n > uint64(len(d.b))/2 {
			d.fail("Files", "count exceeds input")
		} else {
			out.Files = make(map[string][]byte, n)
			for i := uint64(0); i < n && d.err == nil; i++ {
				name := string(d.field("Files"))
				out.Files[name] = d.field("Files")
			}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("entry", fmt.Sprintf("%d trailing bytes", len(d.b)))
	}
	if d.err != nil {
		return d.err
	}
	if len(out.Body) == 0 {
		out.Body = nil
	}
	*e = out
	return nil
}

func appendField(b, f []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(f)))
	return append(b, f...)
}

// Unix nanoseconds cover 1678-09-21 to 2262-04-11.
var minNanoTime, maxNanoTime = time.Unix(0, -1<<63), time.Unix(0, 1<<63-1)

func appendTime(b []byte, t time.Time) ([]byte, error) {
	if t.IsZero() {
		return append(b, 0), nil
	}
	if t.Before(minNanoTime) || t.After(maxNanoTime) {
		return nil, fmt.Errorf("time %s out of range", t.Format(time.RFC3339))
	}
	b = append(b, 1)
	return binary.BigEndian.AppendUint64(b, uint64(t.UnixNano())), nil
}

// decoder reads fields off b, remembering the first error; later reads after
// an error return zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(field, msg string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s: %s", ErrBadEntry, field, msg)
	}
	d.b = nil
}

func (d *decoder) uvarint(field string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(field, "bad length")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) field(name string) []byte {
	n := d.uvarint(name)
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.fail(name, "length exceeds input")
		return nil
	}
	f := d.b[:n:n]
	d.b = d.b[n:]
	return f
}

func (d *decoder) time(name string) time.Time {
	if d.err != nil {
		return time.Time{}
	}
	if len(d.b) == 0 {
		d.fail(name, "truncated")
		return time.Time{}
	}
	switch flag := d.b[0]; flag {
	case 0:
		d.b = d.b[1:]
		return time.Time{}
	case 1:
		if len(d.b) < 9 {
			d.fail(name, "truncated")
			return time.Time{}
		}
		ns := int64(binary.BigEndian.Uint64(d.b[1:9]))
		d.b = d.b[9:]
		return time.Unix(0, ns).UTC()
	default:
		d.fail(name, fmt.Sprintf("bad time flag %d", flag))
		return time.Time{}
	}
}
