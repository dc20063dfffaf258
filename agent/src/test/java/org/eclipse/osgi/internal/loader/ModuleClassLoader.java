package org.eclipse.osgi.internal.loader;

/**
 * Named like Equinox's bundle class loader, for {@code LookupTransformerTest}: strict, like a
 * framework with the default boot delegation, it refuses every {@code io.credagent.*} class. Its
 * {@code loadClass} starts with a loop, so the method's own code has a stack map frame at its very
 * first instruction: the boot delegation prologue must keep that frame valid.
 */
public class ModuleClassLoader extends ClassLoader {

    private int lookups;

    public ModuleClassLoader(ClassLoader parent) {
        super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        do {
            lookups++;
        } while (lookups % 2 != 0);
        if (name.startsWith("io.credagent.")) {
            throw new ClassNotFoundException(name + " refused by the framework's own code");
        }
        return super.loadClass(name, resolve);
    }
}
