package org.groupalliance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the GroupAlliance web application. */
@SpringBootApplication
public class Application {
    /**
     * {@code analyze ...} runs the statistics engine on a CSV file and exits, without starting the
     * web application or touching any database; anything else starts the app.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("analyze")) {
            org.groupalliance.analysis.cli.Analyze.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(Application.class, args);
    }
}
