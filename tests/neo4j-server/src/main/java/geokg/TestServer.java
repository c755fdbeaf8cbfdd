package geokg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * The Neo4j 5 test server: an embedded DBMS with a Bolt connector on 127.0.0.1.
 *
 * <pre>java -Xmx1g -cp 'target/classes:target/lib/*' geokg.TestServer [--port N] [--data DIR]</pre>
 *
 * Port 0 (the default) picks a free port; without --data the store lives in a temporary
 * directory removed at shutdown. Auth is on: user neo4j, password from GEOKG_NEO4J_TEST_PASSWORD
 * (default "geokg-test"), set through the system database so no password change is pending.
 * Prints BOLT_URI=bolt://127.0.0.1:PORT when ready; SIGTERM shuts the DBMS down cleanly.
 */
public final class TestServer {
    static final String DEFAULT_PASSWORD = "geokg-test";

    public static void main(String[] args) throws Exception {
        int port = intEnv("GEOKG_NEO4J_PORT", 0);
        String data = System.getenv("GEOKG_NEO4J_DATA");
        long pageCacheMb = intEnv("GEOKG_NEO4J_PAGECACHE_MB", 256);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = args[++i];
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (usage: TestServer [--port N] [--data DIR])");
            }
        }
        String password = System.getenv().getOrDefault("GEOKG_NEO4J_TEST_PASSWORD", DEFAULT_PASSWORD);
        boolean temporary = data == null || data.isEmpty();
        Path home = temporary ? Files.createTempDirectory("geokg-neo4j-") : Path.of(data).toAbsolutePath();
        Files.createDirectories(home);
        if (port == 0) {
            port = freePort();
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024 * 1024)
                // No backups here: keep only the latest transaction log (the default keeps 2 days' worth,
                // 37 GB after an hour of bench/neo4j_load.py runs on one server).
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                // Bolt waits 2 x 5 s for idle connections and threads at shutdown; a test server need not.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                if (temporary) {
                    deleteTree(home);
                }
            } finally {
                stopped.countDown();
            }
        }, "geokg-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
            if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(60_000)) {
                throw new IllegalStateException("the default database did not come up within 60 s");
            }
        } catch (RuntimeException e) {
            // Neo4j's threads would keep the JVM alive: exit, so the shutdown hook closes the store.
            System.err.println("neo4j test server: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("BOLT_URI=bolt://127.0.0.1:" + port);
        System.out.println("DATA_DIR=" + home);
        System.out.flush();
        stopped.await();
    }

    /** The password of user neo4j, with no change pending (a restart on the same data dir keeps it). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : Integer.parseInt(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("neo4j test server: could not remove " + root + ": " + e.getMessage());
        }
    }
}
