package io.credagent.doctor;

import io.credagent.log.TimeLeft;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The clock check on STS's Date header (the fake's HTTP server always sends its own, true, Date). */
class StsProbeTest {

    private static final Instant STS_NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final String DATE = "Wed, 2 Dec 2026 06:00:00 GMT";

    @Test
    void aClockMoreThanFiveMinutesOffIsAWarningWithTheFix() {
        Finding ahead = StsProbe.clock(DATE, STS_NOW.plusSeconds(7 * 60), "https://sts.us-east-1.amazonaws.com");
        assertEquals(Finding.Level.WARNING, ahead.level());
        assertEquals("this machine's clock is 7 min ahead of STS's (https://sts.us-east-1.amazonaws.com); AWS refuses"
                + " signatures more than 5 min off: synchronise the clock (NTP)", ahead.text());
        Finding behind = StsProbe.clock(DATE, STS_NOW.minusSeconds(2 * 3600), "e");
        assertEquals("this machine's clock is 2 h behind STS's (e); AWS refuses signatures more than 5 min off:"
                + " synchronise the clock (NTP)", behind.text());
    }

    @Test
    void withinFiveMinutesIsFine() {
        Finding close = StsProbe.clock(DATE, STS_NOW.plusSeconds(299), "e");
        assertEquals(Finding.Level.OK, close.level());
        assertEquals("clock within 4 min of STS's", close.text());
        assertNull(StsProbe.clock("yesterday", STS_NOW, "e"));
    }

    @Test
    void remainingTimeReadsAsPeopleSayIt() {
        assertEquals("expires in 45 s", TimeLeft.until(STS_NOW.plusSeconds(45), STS_NOW));
        assertEquals("expires in 7 h 12 min", TimeLeft.until(STS_NOW.plusSeconds(7 * 3600 + 12 * 60), STS_NOW));
        assertEquals("expired 3 min ago", TimeLeft.until(STS_NOW.minusSeconds(180), STS_NOW));
        assertEquals("expires in 2 d 3 h", TimeLeft.until(STS_NOW.plusSeconds(51 * 3600), STS_NOW));
    }
}
