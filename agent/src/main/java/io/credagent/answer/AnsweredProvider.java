package io.credagent.answer;

import io.credagent.credentials.CredentialSource;
import io.credagent.sdk.SdkObjects;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What credagent knows about one provider class seen at run time: whether it answers for it, the
 * SDK copy to build the answer in, and where the instance keeps what the application asked for.
 * Computed once per class (see {@link CredentialAnswerer}).
 */
final class AnsweredProvider {

    /** A receiver credagent leaves alone (a custom chain subclass, a provider it was not asked to answer). */
    static final AnsweredProvider NONE = new AnsweredProvider(null, null, null, null);

    /** The receiver class's name, for {@code status}. */
    final String className;
    /** Lookups answered for this class, for {@code status}; an uncontended add on the hot path. */
    final LongAdder lookups = new LongAdder();
    final InterceptedLookup lookup;
    final SdkObjects sdk;
    /** The instance's {@code String profileName}, when its lookup's identity depends on it. */
    private final InstanceField profileName;

    private AnsweredProvider(String className, InterceptedLookup lookup, SdkObjects sdk, InstanceField profileName) {
        this.className = className;
        this.lookup = lookup;
        this.sdk = sdk;
        this.profileName = profileName;
    }

    /**
     * Walks {@code type} and its superclasses for a receiver class credagent answers for, among the
     * {@code enabled} lookups. A class that looks like one by name but lacks its structure (no SDK
     * credentials classes beside it, no {@code profileName} field) is an error, and not answered.
     */
    static AnsweredProvider of(Class<?> type, List<InterceptedLookup> enabled) throws ReflectiveOperationException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (InterceptedLookup lookup : enabled) {
                String prefix = lookup.family.prefixOf(c.getName(), lookup.receiverClass);
                if (prefix != null) {
                    SdkObjects sdk = lookup.family.objects(c.getClassLoader(), prefix);
                    return new AnsweredProvider(type.getName(), lookup, sdk, profileNameField(c, lookup.identity));
                }
            }
        }
        return NONE;
    }

    private static InstanceField profileNameField(Class<?> type, Identity identity) throws NoSuchFieldException {
        if (!identity.readsProfileName) {
            return null;
        }
        try {
            return InstanceField.find(type, "profileName", "String");
        } catch (NoSuchFieldException e) {
            if (identity.needsProfileName) {
                throw e;
            }
            return null;
        }
    }

    /** The source that answers {@code provider}, from what the instance says it wants. */
    CredentialSource source(Object provider, IdentitySources sources) {
        String name = profileName == null ? null : (String) profileName.read(provider);
        return lookup.identity.source(sources, name);
    }
}
