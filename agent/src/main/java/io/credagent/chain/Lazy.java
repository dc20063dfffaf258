package io.credagent.chain;

import java.util.function.Supplier;

/**
 * A value built on first use, exactly once, by whichever thread gets there first; later reads are
 * one volatile read. If building throws, nothing is kept and the next {@link #get()} tries again
 * (a profile file fixed by the user, a token file that appeared).
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<? extends T> factory;
    private volatile T value;

    public Lazy(Supplier<? extends T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = factory.get();
                    value = current;
                }
            }
        }
        return current;
    }
}
