"""Every st.session_state key the app uses, in one place (each page and widget group imports from here).

Widget keys that pages and tests address (e.g. "train_button") stay next to their widgets; these are the
keys of state the app itself keeps per session.
"""

RUNS = "rnnviz_runs"                   # name -> Run, in the order they were trained
CURRENT_RUN = "rnnviz_current_run"     # name of the run the inspection pages show
JOB = "rnnviz_job"                     # the TrainingJob in the service (or finished, not yet collected)
JOB_PAGE = "rnnviz_job_page"           # the page that started it: its outcome is reported there
LAST_JOB = "rnnviz_last_job"           # {"names", "error", "notes", "reused", "page"} of the last finished job
DROPPED_RUNS = "rnnviz_dropped_runs"   # names removed to keep MAX_RUNS_PER_SESSION
PAGE = "rnnviz_page"                   # url path of the page this rerun shows
LIVE_FIGURE = "rnnviz_live_figure"     # (job, epochs) -> the live curves drawn for it, rebuilt on a new epoch
TRAIN_LABELS = "rnnviz_train_labels"   # Train page: option name -> the label of its box
RENAME_ERROR = "rnnviz_rename_error"   # Train page: the message of a refused rename
SENTENCES = "rnnviz_sentences"         # topic -> last sentence typed
LAB_SENTENCES = "rnnviz_lab_sentences"   # gradients lab: its own topic -> sentence (its models are its own)
GRADIENTS_TWIN = "gradients_twin_cache"   # gradients lab: a run's trained and untrained gradient norms
BROWSER_KEY = "rnnviz_browser_key"     # this browser's key in the server's session store (from its cookie)
RESTORED = "rnnviz_restored"           # True once this session looked for the browser's earlier runs
RESTORED_NOTICE = "rnnviz_restored_notice"   # how many runs came back (shown once)
STORED_RESULTS = "rnnviz_stored_results"     # run_id -> TrainingResult already written to the store
TRANSFER_MESSAGE = "rnnviz_transfer_message"   # ("success" | "error", line) of the last upload of runs
PINNED = "rnnviz_pinned"               # names of runs the cap never removes
RUN_PICKER = "rnnviz_run_picker"       # the sidebar's "Model shown on the pages" box
LANGUAGE = "rnnviz_language"           # "en" | "es": the interface language of this session
LANGUAGE_PICKER = "rnnviz_language_picker"   # the sidebar's "Interface language" box
LANGUAGE_NOTICE = "rnnviz_language_notice"   # an unknown ?lang= of the link that opened the session (shown once)
KEEP_RUNS = "rnnviz_keep_runs"         # the sidebar's "keep my runs on this computer" (a 30-day cookie, not a session one)
COOKIE_WRITTEN = "rnnviz_cookie_written"   # True once this session wrote its cookie (it then writes it at every rerun)
FORGOTTEN_NOTICE = "rnnviz_forgotten_notice"   # "Forget me" was pressed: one line at the next rerun
SAVED_SENTENCES = "rnnviz_saved_sentences"   # the sentences last written to the store
STORED_IDS = "rnnviz_stored_ids"       # store ids of the runs this tab loaded or saved (others are other tabs')
STORE_IDS = "rnnviz_store_ids"         # Run.run_id -> its id in the store (a restored run keeps its old one)
SIDEBAR_RUNS = "rnnviz_sidebar_runs"   # the run names the sidebar listed in this rerun (a page that adds one reruns)
COURSE_REFUSED = "rnnviz_course_refused"   # Train page, course table: a line per model the server refused
