package org.groupalliance.support;

/**
 * A MariaDB database of its own for a test class that needs the demo clinic seeded at start-up.
 * Every test application context cleans its database when it starts, and Spring caches contexts;
 * on the shared test database another class's context starting later would wipe the demo clinic
 * out from under a cached one (surefire's class order is the file system's). With a database per
 * class, nothing else touches it. Use as
 * {@code properties = {DemoDatabase.SEED, DemoDatabase.URL + "ga_demo_name" + DemoDatabase.OPTIONS}}.
 * The server is GA_TEST_DB_SERVER (default jdbc:mysql://127.0.0.1:3306), login as for the other tests;
 * GA_TEST_DB_PREFIX (default none) is put before the name, so that two checkouts testing at once on
 * one server do not share a demo database.
 */
public final class DemoDatabase {

    public static final String SEED = "groupalliance.demo-data.enabled=true";
    public static final String URL = "spring.datasource.url=${GA_TEST_DB_SERVER:jdbc:mysql://127.0.0.1:3306}/${GA_TEST_DB_PREFIX:}";
    public static final String OPTIONS = "?createDatabaseIfNotExist=true&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC";

    /**
     * SQL: the ids of the groups at the demo's first site, Riverside, the only site rita.research
     * sees (the second, Hillside, is hugo.research's). Compare a researcher's export with this part
     * of the database, not with all of it.
     */
    public static final String RIVERSIDE_GROUPS = "(SELECT g.id FROM therapy_group g JOIN site s ON s.id = g.site_id WHERE s.name = 'Riverside Clinic (demo)')";
    /** SQL: the ids of the groups at the demo's second site, Hillside (hugo.research's). */
    public static final String HILLSIDE_GROUPS = "(SELECT g.id FROM therapy_group g JOIN site s ON s.id = g.site_id WHERE s.name = 'Hillside Centre (demo)')";

    private DemoDatabase() {
    }
}
