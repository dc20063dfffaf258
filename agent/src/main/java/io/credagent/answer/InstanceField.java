package io.credagent.answer;

import java.lang.reflect.Field;

/**
 * A private field of a provider class, read on each lookup: how credagent learns what the
 * application asked a provider for (its profile name, its static keys). Found once per provider
 * class by name and type, in the class or its superclasses, so the same mechanism serves SDK v1,
 * SDK v2 and relocated copies.
 */
final class InstanceField {

    private final Field field;

    private InstanceField(Field field) {
        this.field = field;
    }

    /**
     * @throws NoSuchFieldException when no class in the hierarchy declares {@code name} of a type
     *                              whose simple name is {@code typeSimpleName}, or it cannot be opened
     */
    static InstanceField find(Class<?> type, String name, String typeSimpleName) throws NoSuchFieldException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field candidate : c.getDeclaredFields()) {
                if (candidate.getName().equals(name) && candidate.getType().getSimpleName().equals(typeSimpleName)) {
                    try {
                        candidate.setAccessible(true);
                    } catch (RuntimeException closedModule) {
                        throw new NoSuchFieldException(name + " of " + c.getName() + " is not accessible: " + closedModule);
                    }
                    return new InstanceField(candidate);
                }
            }
        }
        throw new NoSuchFieldException(type.getName() + " has no field " + typeSimpleName + " " + name);
    }

    Object read(Object instance) {
        try {
            return field.get(instance);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
