package io.credagent.status;

/** How many lookups credagent answered for one provider class. */
public final class LookupView {

    private final String providerClass;
    private final long lookups;

    public LookupView(String providerClass, long lookups) {
        this.providerClass = providerClass;
        this.lookups = lookups;
    }

    public String getProviderClass() {
        return providerClass;
    }

    public long getLookups() {
        return lookups;
    }
}
