package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glimpse.core.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit H2 acknowledged survives the process being killed (kill -9) right after: another JVM
 * creates and changes images as fast as it can, printing each one the repository acknowledged; it
 * is killed mid-stream, and every acknowledged change must be in the database opened afterwards.
 */
class H2DurabilityTest {
  @TempDir Path dir;

  /** The writer run in the child JVM: {@code args[0]} is the database file. */
  public static void main(String[] args) {
    try (Database database = Database.open("h2:" + args[0])) {
      System.out.println("ready");
      for (int i = 0; ; i++) {
        Image image = TestImages.image("durable-" + i);
        database.images().create(image);
        System.out.println("created " + i);
        database.images().update(image.getId(), changed -> changed.getProperties().put("n", "acked"));
        System.out.println("changed " + i);
      }
    }
  }

  @Test
  void everyAcknowledgedCommitSurvivesKillMinus9() throws Exception {
    String file = dir.resolve("glimpse").toString();
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), H2DurabilityTest.class.getName(), file)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      boolean ready = false;
      // past start-up, let it write a while (however slow the machine); then kill at once, in the
      // middle of its writing, without a chance to flush
      for (String line; acked.size() < 60 && (line = out.readLine()) != null && System.nanoTime() < deadline; ) {
        if (line.equals("ready")) {
          ready = true;
        } else if (ready) {
          acked.add(line);
        }
      }
      child.destroyForcibly(); // SIGKILL
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(acked).as("changes acknowledged before the kill").hasSize(60);

    try (Database database = Database.open("h2:" + file)) {
      for (String line : acked) {
        String[] parts = line.split(" ");
        Image image = database.images().find(TestImages.id("durable-" + parts[1])).orElse(null);
        assertThat(image).as("image of acknowledged '%s'", line).isNotNull();
        if (parts[0].equals("changed")) {
          assertThat(image.getProperties()).as("acknowledged '%s'", line).isEqualTo(Map.of("n", "acked"));
        }
      }
    }
  }

  @Test
  void commitsAreWrittenBeforeTheyReturn() throws Exception {
    try (Database database = Database.open("h2:" + dir.resolve("settings"));
        Connection connection = database.dataSource().getConnection();
        ResultSet rs = connection.createStatement().executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("0");
    }
  }
}
