package io.credagent.instrument;

/**
 * Module frameworks whose class loaders delegate to the bootstrap loader only the packages a
 * setting names ({@code java.*} aside), so by default they cannot see the bridge the
 * {@link LookupPrologue} calls. credagent puts a {@link BootDelegationPrologue} into the class that
 * declares their {@code loadClass}, which then hands out the bootstrap loader's
 * {@code io.credagent.bootstrap} classes as if the setting named that package, and changes nothing
 * else. Each entry is verified by an integration test with the real framework.
 */
enum FrameworkLoader {

    /** Apache Felix 4 and later: strict boot delegation unless {@code org.osgi.framework.bootdelegation} says otherwise. */
    FELIX("org/apache/felix/framework/BundleWiringImpl$BundleClassLoader"),
    /** Eclipse Equinox 3.10 and later (Eclipse, DBeaver): likewise, unless launched with compatibility boot delegation. */
    EQUINOX("org/eclipse/osgi/internal/loader/ModuleClassLoader"),
    /** JBoss Modules (WildFly, JBoss EAP): only {@code jboss.modules.system.pkgs} reach the JDK's loaders. */
    JBOSS_MODULES("org/jboss/modules/ConcurrentClassLoader");

    /** The class that declares the framework's {@code loadClass}, as the JVM spells it. */
    final String internalName;

    FrameworkLoader(String internalName) {
        this.internalName = internalName;
    }

    /** The framework loader class named so, or {@code null}. */
    static FrameworkLoader named(String internalName) {
        for (FrameworkLoader loader : values()) {
            if (loader.internalName.equals(internalName)) {
                return loader;
            }
        }
        return null;
    }
}
