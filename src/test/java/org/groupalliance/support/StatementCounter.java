package org.groupalliance.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;

/**
 * Counts the SQL statements jOOQ executes on the current thread while open (a JDBC batch counts
 * once: it is one round trip). It adds a listener to the application's jOOQ configuration and
 * removes it on close; for tests only.
 */
public final class StatementCounter implements AutoCloseable {

    private final Configuration configuration;
    private final ExecuteListenerProvider[] before;
    private final Thread owner = Thread.currentThread();
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    public StatementCounter(DSLContext dsl) {
        configuration = dsl.configuration();
        before = configuration.executeListenerProviders();
        ExecuteListener listener = new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (Thread.currentThread() == owner) {
                    statements.add(ctx.sql() != null ? ctx.sql() : "batch of " + ctx.batchSQL().length + ": " + ctx.batchSQL()[0]);
                }
            }
        };
        ExecuteListenerProvider[] with = Arrays.copyOf(before, before.length + 1);
        with[before.length] = new DefaultExecuteListenerProvider(listener);
        configuration.set(with);
    }

    public int count() {
        return statements.size();
    }

    public List<String> statements() {
        return List.copyOf(statements);
    }

    @Override
    public void close() {
        configuration.set(before);
    }
}
