package persons

import "strings"

// mask says which rules a line has the words for.
type mask uint16

const (
	mGuest     mask = 1 << iota // "guest"
	mRoleNoun                   // "host", "co-host", "producer"
	mCast                       // other cast heading words: "gast", "moderation"…
	mJoined                     // "joined"
	mSpoke                      // "spoke", "talk", "interview with"…
	mParen                      // "(host)", "(guest)"…
	mGerman                     // "zu gast"
	mPassive                    // "…ed by", "…iert von"
	mLabel                      // ":", " by ", " - ": a credit label may end here
	mCrossPost                  // "cross-post", "on his show"…
)

// scanLine makes one pass over a lower-case line, looking at the first
// letters of each word.
func scanLine(low string) mask {
	var m mask
	for i := 0; i < len(low); {
		c := low[i]
		if c < 'a' || c > 'z' {
			switch c {
			case '(':
				if at(low, i+1, "host)") || at(low, i+1, "guest") || at(low, i+1, "co-host)") ||
					at(low, i+1, "cohost)") || at(low, i+1, "gast)") || at(low, i+1, "moderation)") {
					m |= mParen
				}
			case ':':
				m |= mLabel
			case ' ':
				if at(low, i, " - ") || at(low, i, " – ") || at(low, i, " — ") {
					m |= mLabel
				}
			case 0xef:
				if at(low, i, "：") {
					m |= mLabel
				}
			}
			if c < 0x80 {
				i++
				continue
			}
			// A word that starts with a non-ASCII letter: skip it whole.
		} else {
			m |= wordMask(low, i)
		}
		for i < len(low) && isWordByte(low[i]) { // at least one: low[i] is a letter or >= 0x80
			i++
		}
	}
	return m
}

// wordMask returns the mask bits of the word starting at low[i].
func wordMask(low string, i int) mask {
	switch low[i] {
	case 'g':
		if at(low, i, "guest") {
			return mGuest
		}
		if at(low, i, "gast") || at(low, i, "gäste") {
			return mCast
		}
	case 'h':
		if at(low, i, "host") {
			return mRoleNoun
		}
	case 'p':
		if at(low, i, "producer") {
			return mRoleNoun
		}
		if at(low, i, "presente") {
			return mCast
		}
	case 'c':
		var m mask
		if at(low, i, "co-host") || at(low, i, "cohost") {
			m |= mRoleNoun
		}
		if at(low, i, "chat") || at(low, i, "catch up") || at(low, i, "caught up") ||
			at(low, i, "conversation with") {
			m |= mSpoke
		}
		if at(low, i, "cross-post") || at(low, i, "crosspost") || at(low, i, "cross post") {
			m |= mCrossPost
		}
		return m
	case 'j':
		if at(low, i, "joined") {
			return mJoined
		}
	case 's':
		if at(low, i, "speak") || at(low, i, "spoke") || at(low, i, "sit down") || at(low, i, "sat down") {
			return mSpoke
		}
	case 't':
		if at(low, i, "talk") {
			return mSpoke
		}
	case 'i':
		if at(low, i, "interview with") {
			return mSpoke
		}
		if at(low, i, "invit") {
			return mCast
		}
	case 'm':
		if at(low, i, "moderat") {
			return mCast
		}
	case 'f':
		if at(low, i, "featuring") {
			return mCast
		}
	case 'z':
		if at(low, i, "zu gast") {
			return mGerman
		}
	case 'b':
		if at(low, i, "by ") {
			if i >= 3 && low[i-3:i] == "ed " {
				return mLabel | mPassive
			}
			return mLabel
		}
	case 'v':
		if i >= 5 && low[i-5:i] == "iert " && at(low, i, "von ") {
			return mPassive
		}
	case 'o':
		if at(low, i, "ospit") {
			return mCast
		}
		if at(low, i, "on his ") || at(low, i, "on her ") || at(low, i, "on their ") {
			j := strings.IndexByte(low[i+3:], ' ') + i + 4
			if at(low, j, "show") || at(low, j, "podcast") {
				return mCrossPost
			}
		}
	}
	return 0
}

// at reports whether w (two bytes or more) stands in s at i.
func at(s string, i int, w string) bool {
	return i >= 0 && len(s)-i >= len(w) && s[i+1] == w[1] && s[i:i+len(w)] == w
}
