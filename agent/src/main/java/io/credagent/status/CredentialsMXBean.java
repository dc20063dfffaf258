package io.credagent.status;

/**
 * credagent's live state in this JVM, as the platform MXBean {@value CredentialsStatus#NAME}: in
 * jconsole, VisualVM, {@code jcmd}, and {@code java -jar credagent.jar status <pid>}. Nothing
 * secret: access key ids are masked.
 */
public interface CredentialsMXBean {

    String getVersion();

    /** The options in effect, with where each came from. */
    String getOptions();

    /** Each identity answered so far. */
    IdentityView[] getIdentities();

    /** Lookups answered, per provider class. */
    LookupView[] getLookups();

    /** Static keys found in application-built providers: masked key id, provider class, supplier. */
    String[] getStaticKeys();

    /** Defects of credagent's own (an exception while answering: the SDK's lookup ran instead). */
    long getAgentDefects();
}
