package io.credagent.config;

/** Option {@code interactive}: whether credagent may ask the person at this JVM's desktop to log in. */
public enum InteractiveMode {
    /** Never: a lookup that needs a person fails with the command to run. */
    NEVER,
    /** A lookup whose SSO session needs a new login starts one browser login, where a desktop exists. */
    DESKTOP;
}
