"""Reference designs: the shipped vocabulary and twelve designs load and hang together, and a
malformed design or vocabulary is one line naming the file, the field and the fix."""

from __future__ import annotations

import shutil

import pytest
import yaml

from agent.designs import Design
from agent.knowledge import STAGES, KnowledgeError, default_knowledge, load_knowledge
from agent.paths import KNOWLEDGE_DIR
from agent.vocabulary import folded
from tests.test_loaders import knowledge_with, one_line

ADS = "designs/ads-ctr.yaml"


def test_every_bank_question_has_a_design_of_6_to_12_edges():
    knowledge = default_knowledge()
    assert set(knowledge.designs) == set(knowledge.questions)
    for design in knowledge.designs.values():
        assert 6 <= len(design.edges) <= 12
        assert {e.stage for e in design.edges} <= set(STAGES)
        ends = {end for e in design.edges for end in (e.source, e.target)}
        assert ends <= set(design.components), design.question
        assert all(e.probe.endswith("?") for e in design.edges), design.question


def test_a_design_resolves_shared_roles_with_its_own_names():
    design = default_knowledge().design("ads-ctr")
    serving = design.roles["model-serving"]
    assert "triton" in serving.synonyms and "ctr model" in serving.synonyms  # shared + own
    assert (
        "ctr model"
        not in default_knowledge().design("fraud-detection").roles["model-serving"].synonyms
    )  # a question's names stay in that question
    assert design.roles["ad-server"].name == "ad server and auction"
    assert set(default_knowledge().components) <= set(design.roles)  # every known role
    edge = design.edges[0]
    assert (edge.source, edge.target, edge.stage, edge.checklist) == (
        "ad-server",
        "candidate-generation",
        "inference",
        "prediction-module",
    )
    assert Design.model_validate(design.model_dump(mode="json")) == design


def test_names_fold_case_punctuation_plurals_and_nothing_else():
    assert folded("Event-Logs") == folded("event log") == "event log"
    assert folded("A/B tests") == "a b test"
    assert folded("Kafka") == "kafka" and folded("class") == "class" and folded("S3") == "s3"


BAD_DESIGNS = {
    "edge to a role not in the design": (
        ADS,
        ("    target: candidate-generation\n", "    target: candidate-gen\n"),
        "edges[0].target",
        "'candidate-gen' is not a component of this design; add it under `components:`",
    ),
    "shared role not in the vocabulary": (
        ADS,
        ("  - role: stream-processing", "  - role: stream-processor"),
        "components[5].role",
        "'stream-processor' is not in knowledge/components.yaml; use one of client, backend",
    ),
    "own role without synonyms": (
        ADS,
        ("    synonyms: [ad server, ad serving", "    synonym: [ad server, ad serving"),
        "components[0].synonym",
        "remove it or use one of: role, id, name, synonyms, store, description",
    ),
    "own role with one synonym": (
        ADS,
        lambda design: design["components"][0].update(synonyms=["ad server"]),
        "components[0].synonyms",
        "give at least 2 names candidates write",
    ),
    "own role without a description": (
        ADS,
        ("    description: Receives the ad request", "    about: Receives the ad request"),
        "components[0].about",
        "remove it or use one of: role, id, name, synonyms, store, description",
    ),
    "component both shared and own": (
        ADS,
        ("  - id: ad-server", "  - role: client\n    id: ad-server"),
        "components[0]",
        "give either `role:` (a shared role) or `id:` (this question's own)",
    ),
    "own role named like a shared one": (
        ADS,
        ("  - id: ad-server", "  - id: feature-store"),
        "components[0].id",
        "'feature-store' is a shared role; write `role: feature-store`",
    ),
    "shared role given a name": (
        ADS,
        ("  - role: monitoring", "  - role: monitoring\n    name: watching"),
        "components[9]",
        "a shared role takes only `synonyms:`",
    ),
    "shared role marked a store": (
        ADS,
        ("  - role: monitoring", "  - role: monitoring\n    store: true"),
        "components[9]",
        "a shared role takes only `synonyms:`",
    ),
    "component listed twice": (
        ADS,
        ("  - role: model-registry", "  - role: model-registry\n  - role: model-registry"),
        "components[9]",
        "'model-registry' is listed twice; keep one",
    ),
    "a name for two roles": (
        ADS,
        ("synonyms: [ctr model, ", "synonyms: [kafka, ctr model, "),
        "components[3].synonyms",
        "'kafka' already names the role event-logging; a name names one role",
    ),
    "a plural of another role's name": (
        ADS,
        ("synonyms: [ctr model, ", "synonyms: [Feature-Stores, ctr model, "),
        "components[3].synonyms",
        "'Feature-Stores' already names the role feature-store",
    ),
    "bad stage name": (
        ADS,
        (
            "    stage: inference\n    checklist: prediction-module",
            "    stage: serving\n    checklist: prediction-module",
        ),
        "edges[0].stage",
        "'serving' is not a stage; use one of problem, metrics, mvp, data, training, inference, scaling",
    ),
    "unknown checklist id": (
        ADS,
        ("    checklist: prediction-module", "    checklist: prediction-modul"),
        "edges[0].checklist",
        "'prediction-modul' is not an item of the inference checklist; use one of serving-processing",
    ),
    "checklist id of another stage": (
        ADS,
        ("    stage: data\n    checklist: labels", "    stage: mvp\n    checklist: labels"),
        "edges[5].checklist",
        "'labels' is not an item of the mvp checklist",
    ),
    "duplicate edge, reversed": (
        ADS,
        (
            "  - source: model-serving\n    target: ad-server",
            "  - source: model-serving\n    target: candidate-generation",
        ),
        "edges[2]",
        "model-serving -> candidate-generation repeats edges[1] (an arrow either way evidences both); keep one",
    ),
    "edge from a role to itself": (
        ADS,
        (
            "  - source: model-serving\n    target: ad-server",
            "  - source: model-serving\n    target: model-serving",
        ),
        "edges[2].target",
        "an edge joins two different roles",
    ),
    "misspelt edge field": (
        ADS,
        ("    probe: How does a request", "    prob: How does a request"),
        "edges[0].prob",
        "remove it or use one of: source, target, stage, checklist, probe",
    ),
    "design id not the file name": (
        ADS,
        ("id: ads-ctr", "id: ads"),
        "id",
        "set `id: ads-ctr`",
    ),
    "vocabulary role with one synonym": (
        "components.yaml",
        lambda vocabulary: vocabulary["roles"][0].update(synonyms=["client"]),
        "roles[0].synonyms",
        "has 1 item(s); give at least 2",
    ),
    "vocabulary role listed twice": (
        "components.yaml",
        ("  - id: backend", "  - id: client"),
        "roles[1].id",
        "'client' is listed twice; keep one",
    ),
    "vocabulary name for two roles": (
        "components.yaml",
        ("bare: [user, users, customer,", "bare: [kafka, user, users, customer,"),
        "roles[2].synonyms",  # event logging's own "kafka": the first role to claim a name keeps it
        "'kafka' already names the role client",
    ),
    "vocabulary verb for two roles": (
        "components.yaml",
        ("verbs: [log, record,", "verbs: [train, log, record,"),
        "roles[10].verbs",  # training claims "train" after event logging did
        "'train' already names the role event-logging",
    ),
    "qualifier of an unknown role": (
        "components.yaml",
        ("      model-serving: [light,", "      model-servin: [light,"),
        "roles[15].instead_of",
        "'model-servin' is not a role; use one of client, backend",
    ),
    "abbreviation of two words": (
        "components.yaml",
        ("{txn: transaction,", "{tx n: transaction,"),
        "abbreviations",
        "'tx n' is not one word",
    ),
}


@pytest.mark.parametrize(
    ("rel", "edit", "field", "fix"), BAD_DESIGNS.values(), ids=BAD_DESIGNS.keys()
)
def test_a_bad_design_is_one_line_naming_file_field_and_fix(tmp_path, rel, edit, field, fix):
    if callable(edit):  # a change to the data, where a text edit would quote a long list
        root, path = knowledge_with(tmp_path, rel, "", "")
        data = yaml.safe_load(path.read_text())
        edit(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    else:
        root, path = knowledge_with(tmp_path, rel, *edit)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    one_line(str(caught.value), path, field, fix)


def test_a_design_needs_6_to_12_edges(tmp_path):
    root, path = knowledge_with(tmp_path, ADS, "", "")
    design = yaml.safe_load(path.read_text())
    for edges, fix in ((design["edges"][:5], "give at least 6"), (design["edges"] * 2, "12")):
        path.write_text(yaml.safe_dump(design | {"edges": edges}))
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(root)
        one_line(str(caught.value), path, "edges", fix)


def test_a_design_for_no_bank_question_or_without_the_vocabulary(tmp_path):
    root, path = knowledge_with(tmp_path, ADS, "id: ads-ctr", "id: ads-cvr")
    other = path.rename(path.with_name("ads-cvr.yaml"))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    one_line(str(caught.value), other, "id", "'ads-cvr' is not a question in the bank")
    other.unlink()
    (root / "components.yaml").unlink()
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert str(caught.value).startswith(f"{root / 'components.yaml'}: missing; ")


def test_knowledge_without_designs_loads(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    shutil.rmtree(root / "designs")
    (root / "components.yaml").unlink()
    knowledge = load_knowledge(root)
    assert knowledge.designs == {} and knowledge.components == {}
    with pytest.raises(KnowledgeError, match="no reference design for 'ads-ctr'"):
        knowledge.design("ads-ctr")
