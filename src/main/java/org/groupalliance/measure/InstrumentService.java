package org.groupalliance.measure;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.measure.internal.InstrumentRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The instrument library. Everyone signed in may read it; admins import definitions, save edits
 * as a new version (never changing a stored one, so recorded scores keep their definition), and
 * retire or reinstate versions. Every change is audited.
 */
@Service
public class InstrumentService {

    private final InstrumentRepository repository;
    private final AuditLog audit;
    private final CurrentUser currentUser;

    InstrumentService(InstrumentRepository repository, AuditLog audit, CurrentUser currentUser) {
        this.repository = repository;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** Every stored version, newest first within a code. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<Instrument> findAll() {
        return repository.findAll();
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Instrument get(String code, int version) {
        return repository.find(code, version).orElseThrow(() -> new NotFoundException("Instrument " + code + " v" + version));
    }

    /** The highest version of a code that is not retired. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<Instrument> current(String code) {
        return repository.findCurrent(code);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public String exportJson(String code, int version) {
        return InstrumentJson.write(get(code, version).definition());
    }

    /**
     * Imports a definition file. A new code may start at any version; an existing code only takes
     * a version above its latest.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public Instrument importJson(String json) {
        return store(InstrumentJson.read(json), false, "Imported");
    }

    /** Saves an edited definition as the next version of its code. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public Instrument saveNewVersion(InstrumentDefinition edited) {
        int latest = repository.latestVersion(edited.code()).orElseThrow(() -> new NotFoundException("Instrument " + edited.code()));
        if (edited.version() != latest + 1) {
            throw new ConcurrentEditException("Instrument " + edited.code() + " (now at version " + latest + ")");
        }
        return store(edited, false, "New version of");
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public Instrument setRetired(String code, int version, int rowVersion, boolean retired) {
        Instrument before = get(code, version);
        if (!repository.setRetired(code, version, rowVersion, retired)) {
            throw new ConcurrentEditException("Instrument " + code + " v" + version);
        }
        Instrument after = get(code, version);
        audit.record(AuditAction.UPDATE, "Instrument", code + " v" + version, null, (retired ? "Retired " : "Reinstated ") + code + " v" + version,
                java.util.Map.of("retired", before.retired()), java.util.Map.of("retired", after.retired()));
        return after;
    }

    /** Adds each built-in definition whose code is not in the library yet (first start and upgrades). */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public int addMissingBuiltIns() {
        int added = 0;
        for (InstrumentDefinition d : BuiltInInstruments.all()) {
            if (repository.latestVersion(d.code()).isEmpty()) {
                store(d, true, "Added built-in");
                added++;
            }
        }
        return added;
    }

    private Instrument store(InstrumentDefinition d, boolean builtIn, String verb) {
        Optional<Integer> latest = repository.latestVersion(d.code());
        if (latest.isPresent() && d.version() <= latest.get()) {
            throw ValidationException.of("version", "Instrument " + d.code() + " already has version " + latest.get()
                    + ": a changed definition must be a higher version, so recorded scores keep theirs");
        }
        Instrument instrument = new Instrument(d, builtIn, false, 0, null, currentUser.actorName());
        repository.insert(instrument);
        Instrument stored = get(d.code(), d.version());
        audit.record(AuditAction.CREATE, "Instrument", d.key(), null, verb + " " + d.key() + ": " + d.name(), null,
                java.util.Map.of("definition", InstrumentJson.write(d)));
        return stored;
    }
}
