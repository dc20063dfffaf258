package io.credagent.sdk;

import java.lang.reflect.Method;

/** Small reflection helpers for reaching SDK classes in the caller's class loader. */
final class Reflection {

    private Reflection() {
    }

    static Class<?> load(ClassLoader loader, String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    /** The first of {@code names} that the loader has. */
    static Class<?> loadFirst(ClassLoader loader, String... names) throws ClassNotFoundException {
        for (String name : names) {
            try {
                return load(loader, name);
            } catch (ClassNotFoundException tryNext) {
                // older SDK versions name it differently
            }
        }
        throw new ClassNotFoundException(String.join(" or ", names));
    }

    static Method methodOrNull(Class<?> type, String name, Class<?>... parameters) {
        if (type == null) {
            return null;
        }
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException absentInThisVersion) {
            return null;
        }
    }
}
