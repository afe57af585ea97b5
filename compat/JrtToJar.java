import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** `java JrtToJar.java OUT.jar module...`: the running JDK's classes of those modules as one jar (ProGuard's -libraryjars). */
public final class JrtToJar {
    public static void main(String[] args) throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            for (int i = 1; i < args.length; i++) {
                Path root = jrt.getPath("modules", args[i]);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String name = root.relativize(p).toString();
                        if (!name.endsWith(".class") || name.equals("module-info.class")) continue;
                        out.putNextEntry(new ZipEntry(name));
                        out.write(Files.readAllBytes(p));
                        out.closeEntry();
                    }
                }
            }
        }
    }
}
