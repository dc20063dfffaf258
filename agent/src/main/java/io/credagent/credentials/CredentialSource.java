package io.credagent.credentials;

/** Something that can hand out AWS credentials. */
public interface CredentialSource {

    /**
     * Current credentials. Cheap when warm: sources cache and refresh behind this call.
     *
     * @throws CredentialException when no credentials can be given; never any other exception
     */
    Credentials resolve();

    /** Where credentials come from, for humans; never contains secrets. */
    String describe();
}
