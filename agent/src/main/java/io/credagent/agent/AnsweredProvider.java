package io.credagent.agent;

import io.credagent.sdk.SdkObjects;

/**
 * What credagent knows about one provider class seen at run time: whether it answers for it, and
 * the SDK copy to build the answer in. Computed once per class (see {@link CredentialAnswerer}).
 */
final class AnsweredProvider {

    /** A receiver credagent leaves alone (a custom chain subclass, a provider it was not asked to answer). */
    static final AnsweredProvider NONE = new AnsweredProvider(null, null);

    final InterceptedLookup lookup;
    final SdkObjects sdk;

    AnsweredProvider(InterceptedLookup lookup, SdkObjects sdk) {
        this.lookup = lookup;
        this.sdk = sdk;
    }

    /** Walks {@code type} and its superclasses for a receiver class credagent answers for. */
    static AnsweredProvider of(Class<?> type) throws ReflectiveOperationException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (InterceptedLookup lookup : InterceptedLookup.values()) {
                String prefix = lookup.family.prefixOf(c.getName(), lookup.receiverClass);
                if (prefix != null) {
                    return new AnsweredProvider(lookup, lookup.family.objects(c.getClassLoader(), prefix));
                }
            }
        }
        return NONE;
    }
}
