package io.credagent.config;

import java.util.Locale;

/** Option {@code override}: providers credagent answers for although the application chose them explicitly. */
public enum OverrideMode {
    /** Explicit static keys stay what they are. */
    NONE,
    /** Static-key providers ({@code AWSStaticCredentialsProvider}, {@code StaticCredentialsProvider}) answer from credagent too. */
    STATIC;

    /** {@code none}, {@code static}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
