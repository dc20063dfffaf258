package io.credagent.log;

import java.time.Duration;
import java.time.Instant;

/** Time left, as people read it: {@code 45 s}, {@code 59 min}, {@code 7 h 12 min}, {@code 2 d 3 h}. */
public final class TimeLeft {

    private TimeLeft() {
    }

    /** {@code expires in 7 h 12 min}, or {@code expired 3 min ago}. */
    public static String until(Instant end, Instant now) {
        Duration left = Duration.between(now, end);
        return left.isNegative() ? "expired " + format(left.negated()) + " ago" : "expires in " + format(left);
    }

    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
