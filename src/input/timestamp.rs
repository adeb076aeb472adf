//! Timestamps, one grammar for every reader: `:`-separated digit groups and an optional
//! fraction after `.` or `,` (`[00:01:02]` and `Tom (00:03):` before a speaker label,
//! `Sam  1:02:03` in an Otter header, `00:00:01,000 --> …` in a subtitle cue).

/// A timestamp at the start of a text: two or more digit groups joined by `:` (the
/// first of any length, the others of one or two digits), then, if present, a `.` or
/// `,` and the fraction's digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp<'a> {
    /// The first three digit groups (`""` past the last).
    groups: [&'a str; 3],
    /// How many digit groups there are.
    count: usize,
    /// The fraction's separator and digits.
    fraction: Option<(u8, &'a str)>,
    /// Bytes taken.
    len: usize,
}

impl<'a> Timestamp<'a> {
    /// The timestamp `s` starts with, if any.
    pub fn at_start(s: &'a str) -> Option<Timestamp<'a>> {
        let b = s.as_bytes();
        let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let first = digits(0);
        if first == 0 {
            return None;
        }
        let (mut groups, mut count, mut i) = ([&s[..first], "", ""], 1, first);
        while b.get(i) == Some(&b':') {
            let d = digits(i + 1);
            if !(1..=2).contains(&d) {
                break;
            }
            if let Some(g) = groups.get_mut(count) {
                *g = &s[i + 1..i + 1 + d];
            }
            count += 1;
            i += 1 + d;
        }
        if count < 2 {
            return None;
        }
        let fraction = match b.get(i) {
            Some(&sep @ (b'.' | b',')) => {
                let d = digits(i + 1);
                let f = (sep, &s[i + 1..i + 1 + d]);
                i += 1 + d;
                Some(f)
            }
            _ => None,
        };
        Some(Timestamp { groups, count, fraction, len: i })
    }

    /// Bytes of the timestamp at the start of `s`, 0 for none.
    #[inline]
    pub fn len_at_start(s: &str) -> usize {
        // Most lines a label is looked for on start with a letter: no call for those.
        if !s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return 0;
        }
        Timestamp::at_start(s).map_or(0, |t| t.len)
    }

    /// True when the whole of `s` is a timestamp.
    pub fn is_whole(s: &str) -> bool {
        Timestamp::at_start(s).is_some_and(|t| t.len == s.len())
    }

    /// True when the whole of `s` is a cue time: `hh:mm:ss.ttt` or `mm:ss.ttt` in WebVTT
    /// (hours of up to four digits), `hh:mm:ss,ttt` in SRT (`srt`; `.` tolerated).
    pub fn is_cue_time(s: &str, srt: bool) -> bool {
        let Some(t) = Timestamp::at_start(s).filter(|t| t.len == s.len()) else {
            return false;
        };
        let [g0, g1, g2] = t.groups;
        let (hours, minutes, seconds) = match t.count {
            3 => (Some(g0), g1, g2),
            2 if !srt => (None, g0, g1),
            _ => return false,
        };
        let sexagesimal = |f: &str| f.len() == 2 && f < "60";
        let millis = matches!(t.fraction, Some((sep, d)) if (sep == b'.' || srt) && (1..=3).contains(&d.len()));
        hours.is_none_or(|h| h.len() <= 4) && sexagesimal(minutes) && sexagesimal(seconds) && millis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_timestamp_at_the_start() {
        // (text, bytes of the timestamp at its start)
        let cases = [
            ("00:01:02] Ann", 8),
            ("1:02:03.500 Ann", 11),
            ("12:30,5)", 7),
            ("00:01.", 6),
            ("12345:01 Bob", 8),
            ("1:02:03:04 Bob", 10),
            ("00:01:123", 5),
            ("1:2", 3),
            ("12", 0),
            ("12.5", 0),
            ("12:", 0),
            ("12::30", 0),
            (":12:30", 0),
            ("Ann: 10:00", 0),
            ("", 0),
        ];
        for (text, want) in cases {
            assert_eq!(Timestamp::len_at_start(text), want, "{text:?}");
        }
        assert!(Timestamp::is_whole("0:02") && Timestamp::is_whole("1:02:03.5"));
        assert!(!Timestamp::is_whole("0:02 pm") && !Timestamp::is_whole("10"));
    }

    #[test]
    fn cue_times_are_strict() {
        // (time, a WebVTT time, an SRT time)
        let cases = [
            ("00:00:02.120", true, true),
            ("00:02.120", true, false),
            ("1000:00:02.120", true, true),
            ("10000:00:02.120", false, false),
            ("00:00:00,500", false, true),
            ("0:00:05,5", false, true),
            ("00:00:0x.500", false, false),
            ("00:61.000", false, false),
            ("00:00:60.000", false, false),
            ("0:0:05.000", false, false),
            ("00:00:05", false, false),
            ("00:00:05.", false, false),
            ("00:00:05.1234", false, false),
            ("00:00:05.500.1", false, false),
            ("01:02:03:04.500", false, false),
            ("+0:00:05.500", false, false),
        ];
        for (time, vtt, srt) in cases {
            assert_eq!((Timestamp::is_cue_time(time, false), Timestamp::is_cue_time(time, true)), (vtt, srt), "{time}");
        }
    }
}
