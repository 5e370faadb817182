# Masalah dalam berkas modul: yang dicetak `jaga validate` dan ditampilkan jendela penulis.
# Awalan baris `path:baris:kolom: error:` tidak diterjemahkan; hanya pesan sesudahnya.

## Jumlah
diag-count-errors = { $count } kesalahan
diag-count-warnings = { $count } peringatan
diag-checked = { $summary } dalam { $files } berkas yang diperiksa

## Bagian pesan
diag-did-you-mean = ; mungkin maksud Anda `{ $name }`?
diag-inside = {" "}di `{ $outer }`

## Jenis teks atau butir
what-module-title = judul modul
what-module-summary = ringkasan modul
what-lesson-title = judul pelajaran
what-heading = subjudul
what-paragraph = paragraf
what-bullet = butir daftar
what-takeaway = poin penting
what-callout-title = judul kotak catatan
what-callout-text = teks kotak catatan
what-image-alt = teks alternatif gambar
what-image-caption = keterangan gambar
what-question-prompt = pertanyaan
what-question-feedback = umpan balik pertanyaan
what-statement = pernyataan
what-feedback = umpan balik
what-choice-text = teks pilihan
what-choice-feedback = umpan balik pilihan
what-scenario-title = judul skenario
what-scenario-prompt = pengantar skenario
what-node-text = teks langkah
what-ending-text = teks akhir
what-band-feedback = umpan balik rentang nilai
what-lesson = pelajaran
what-question = pertanyaan
what-choice = pilihan
what-node = langkah
what-segment = segmen
what-segment-label = label segmen
what-segment-text = teks segmen
what-segment-feedback = umpan balik segmen
what-step = langkah
what-step-text = teks langkah
what-step-feedback = umpan balik langkah
what-category = kategori
what-category-text = teks kategori
what-match-item = butir
what-match-item-text = teks butir
what-match-item-feedback = umpan balik butir

## Membaca berkas
diag-file-cannot-open = berkas tidak dapat dibuka: { $reason }
diag-file-cannot-read = berkas tidak dapat dibaca: { $reason }
diag-file-not-regular = bukan berkas biasa (pipa, perangkat, atau folder); berkas modul harus berkas biasa
diag-file-links-outside = berkas ini tautan ke tempat di luar folder konten, jadi tidak dibaca; salin modulnya ke dalam folder
diag-file-too-big = ukuran berkas { $size }, melebihi batas { $limit } MiB untuk berkas modul; pecah menjadi beberapa modul yang lebih kecil
diag-file-not-utf8 = berkas ini bukan teks UTF-8 (bita { $byte } di sini); simpan sebagai UTF-8 di editor Anda

## Bentuk berkas (sintaks RON)
syntax-never-closed = `{ $bracket }` yang dibuka di { $opened } tidak pernah ditutup: kemungkinan besar `{ $closer }` hilang tepat sebelum ini
syntax-never-closed-at-end = `{ $bracket }` yang dibuka di { $opened } tidak pernah ditutup: tambahkan `{ $closer }` di akhir isinya
syntax-closed-by-other = `{ $bracket }` yang dibuka di { $opened } tidak pernah ditutup: `{ $found }` ini datang lebih dulu, jadi kemungkinan besar `{ $closer }` hilang sebelumnya
syntax-closes-nothing = `{ $bracket }` ini tidak menutup apa pun: hapus, atau tambahkan `{ $opener }` yang seharusnya ditutupnya
syntax-comma-missing-field = koma `,` hilang di sini, sesudah nilai ini dan sebelum kolom `{ $field }` di { $next }
syntax-comma-missing-item = koma `,` hilang di sini, di antara nilai ini dan nilai berikutnya di { $next }
syntax-text-never-closed = sebuah teks tidak ditutup: tambahkan tanda kutip ganda penutup `"`
syntax-comment-never-closed = komentar /* tidak ditutup dengan */
syntax-quote-missing = teks yang dibuka di { $opened } kemungkinan belum ditutup: tambahkan tanda kutip ganda penutup `"` di akhir barisnya, di sini
syntax-paren-missing-after = `{ $name }` diikuti kolom-kolomnya tetapi tanpa `(`: tambahkan `(` sesudahnya, di sini
syntax-opener-missing = `{ $closer }` di { $closed } tidak menutup apa pun: kemungkinan besar `{ $opener }`-nya hilang di sini, di akhir baris ini
syntax-opener-missing-before = `{ $closer }` di { $closed } tidak menutup apa pun: kemungkinan besar `{ $opener }`-nya hilang tepat sebelum ini
syntax-opener-missing-after = `{ $closer }` di { $closed } tidak menutup apa pun: kemungkinan besar `{ $opener }`-nya hilang di sini, sesudah `{ $bracket }` ini
diag-ron-too-deep = nilai bersarang lebih dari { $limit } tingkat; sebuah modul tidak pernah membutuhkan sebanyak itu
diag-ron-eof = berkas berakhir terlalu cepat: kemungkinan ada kurung yang belum ditutup
diag-ron-expected-comma = di sini seharusnya ada koma `,` sesudah kolom atau butir sebelumnya
diag-ron-trailing = ada teks tak terduga sesudah akhir modul; apakah ada kurung yang ditutup terlalu cepat?
diag-ron-missing-field = kolom `{ $field }` tidak ada{ $inside }
diag-ron-duplicate-field = kolom `{ $field }` diberikan dua kali{ $inside }
diag-ron-unknown-field = kolom `{ $found }` tidak dikenal{ $inside }{ $hint } Kolom yang ada di sini: { $expected }
diag-ron-unknown-kind = jenis `{ $found }` tidak dikenal{ $inside }{ $hint } Pilihannya: { $expected }
diag-ron-wrong-struct = di sini seharusnya `{ $expected }(...)`, bukan `{ $found }(...)`
diag-ron-other = { $detail }

## Modul
diag-duplicate-key = `{ $key }` diberikan dua kali dalam teks ini; hanya yang terakhir akan dipakai — sisakan satu
diag-duplicate-module = id modul `{ $id }` ganda: { $first } sudah memakainya; id modul harus unik dalam satu kursus
diag-module-id-not-slug = id modul `{ $id }` harus berupa slug: huruf kecil, angka, dan tanda hubung tunggal, seperti `phishing-basics`
diag-no-languages = nyatakan minimal satu bahasa, misalnya languages: ["id", "en"]
diag-bad-language-code = `{ $lang }` bukan kode bahasa; gunakan kode seperti "id", "en" atau "pt-BR"
diag-language-twice = bahasa `{ $lang }` dinyatakan dua kali
diag-minutes-zero = perkiraan menit bernilai 0; sebutkan berapa lama modul ini agar peserta dapat merencanakan waktunya
diag-tag-empty = tag tidak boleh kosong
diag-no-lessons = modul ini tidak punya pelajaran; peserta langsung masuk ke penilaian
diag-no-takeaways = modul ini tidak punya poin penting; akhiri sebuah pelajaran dengan blok Takeaways([...])
diag-warn-days-without-validity = warn_days_before tidak berpengaruh tanpa valid_for_days
diag-validity-zero = valid_for_days minimal 1; hapus saja jika kelulusan tidak pernah kedaluwarsa
diag-warn-days-too-large = warn_days_before ({ $warn }) tidak lebih kecil dari valid_for_days ({ $days }): kelulusan akan berstatus 'segera kedaluwarsa' sejak hari diperoleh
diag-text-missing-translations = { $what } belum punya terjemahan { $list } (modul ini menyatakan bahasa { $languages })
diag-text-extra-language = `{ $lang }` bukan salah satu bahasa modul ini ({ $languages }); tambahkan ke languages atau hapus teks ini
diag-text-empty = { $what } dalam `{ $lang }` kosong
diag-item-id-invalid = id { $what } `{ $id }` harus terdiri dari 1 sampai 64 huruf, angka, '-', '_' atau '.', tanpa spasi
diag-item-id-duplicate = id { $what } `{ $id }` ganda: setiap { $what } membutuhkan id sendiri
diag-band-outside = rentang nilai dimulai di { $from }%, di luar 0–100
diag-band-twice = dua rentang nilai dimulai di { $from }%; setiap rentang membutuhkan titik awal sendiri
diag-no-band-at-zero = tidak ada rentang nilai yang dimulai di 0%, jadi nilai di bawah { $lowest }% tidak mendapat umpan balik rentang
diag-coverage-missing = { $what } belum punya terjemahan `{ $lang }`
diag-coverage-unchanged = { $what } dalam `{ $lang }` sama dengan yang `{ $same_as }`; terjemahkan, atau biarkan jika itu sebuah nama

## Pelajaran
diag-lesson-empty = pelajaran ini tidak punya blok untuk dibaca
diag-list-empty = daftar { $what } membutuhkan minimal satu butir
diag-image-backslash = path gambar `{ $path }` memakai '\'; tulis path dengan '/', seperti assets/images/x.png
diag-image-absolute = path gambar `{ $path }` absolut; tulis relatif terhadap folder konten, seperti assets/images/x.png
diag-image-escapes = path gambar `{ $path }` keluar dari folder konten atau punya bagian kosong; simpan gambar di dalam assets/
diag-image-outside-assets = path gambar `{ $path }` harus berada di bawah assets/, seperti assets/images/x.png
diag-image-not-png = gambar `{ $path }` bukan berkas PNG; Jaga menampilkan gambar PNG
diag-image-not-bundled = gambar `{ $path }` tidak ada di aset bawaan
diag-image-no-assets-folder = gambar `{ $path }` tidak ditemukan: tidak ada folder assets di samping modul
diag-image-assets-unreadable = folder aset { $folder } tidak dapat dibuka: { $reason }
diag-image-missing = gambar `{ $path }` tidak ada (dicari di { $looked_for })
diag-image-links-outside = gambar `{ $path }` menaut ke berkas di luar folder aset
diag-image-not-a-file = gambar `{ $path }` bukan berkas
diag-image-not-png-data = gambar `{ $path }` bukan data PNG (bita awalnya bukan tanda tangan PNG); simpan sebagai PNG
diag-image-too-big = ukuran gambar `{ $path }` { $size }, melebihi batas { $limit } MiB untuk gambar; perkecil gambarnya
diag-image-assets-linked = folder aset { $folder } adalah tautan ke tempat lain; jadikan folder sungguhan di dalam folder konten

## Penilaian
diag-pass-mark-outside = nilai lulus { $mark } di luar 0–100; nilai ini adalah persentase yang dibutuhkan untuk lulus
diag-no-questions = penilaian ini tidak punya pertanyaan; tambahkan minimal satu
diag-draw-zero = draw minimal 1
diag-draw-too-large = draw sebanyak { $draw } pertanyaan lebih besar dari kumpulan { $pool } pertanyaan
diag-always-ask-without-draw = always_ask tidak berpengaruh tanpa draw: semua pertanyaan tetap ditanyakan
diag-always-ask-over-draw = { $pinned } pertanyaan ditandai always_ask, lebih banyak dari draw { $draw }; naikkan draw atau kurangi pertanyaan yang disematkan
diag-points-zero = points minimal 1; itu bobot pertanyaan dalam nilai
diag-teaches-unknown-lesson = pertanyaan `{ $id }` menyebut pelajaran `{ $lesson }` di teaches, tetapi modul ini tidak punya pelajaran itu{ $hint }
diag-single-choice-correct = pertanyaan pilihan tunggal `{ $id }` punya { $correct } pilihan benar; harus tepat satu (gunakan MultipleChoice untuk lebih)
diag-multiple-choice-none-correct = pertanyaan pilihan ganda `{ $id }` tidak punya pilihan benar; tandai minimal satu dengan correct: true
diag-choice-weight-range = pilihan `{ $id }` punya bobot di luar -100 sampai 100; bobot adalah persen poin soal yang didapat bila memilihnya
diag-choice-weight-on-right = pilihan `{ $id }` adalah pilihan benar dan selalu mendapat nilai penuh; hapus bobotnya (bobot adalah nilai sebagian untuk pilihan lain)
diag-single-choice-negative-weight = pilihan `{ $id }` pada pilihan tunggal punya bobot negatif; pilihan salah sudah bernilai nol, jadi gunakan bobot 0 sampai 100
diag-choice-weight-needs-weighted = pilihan `{ $id }` punya bobot, yang hanya berlaku dengan scoring: Weighted; hapus bobotnya atau gunakan Weighted
diag-choice-weight-missing = pilihan `{ $id }` belum punya bobot; dengan scoring: Weighted setiap pilihan memerlukannya (negatif untuk pilihan salah)
diag-choice-weight-contradicts = pilihan `{ $id }` ditandai correct: true tetapi bobotnya tidak positif; pilihan benar memerlukan bobot positif
diag-weights-below-full = bobot positif berjumlah { $sum }%, sehingga tidak ada jawaban yang mendapat nilai penuh; buat jumlahnya 100
diag-weights-above-full = bobot positif berjumlah { $sum }%, sehingga nilai penuh tercapai sebelum semua pilihan benar dipilih; Moodle meminta 100
diag-true-false-no-answer = pertanyaan benar/salah `{ $id }` belum punya jawaban; tambahkan answer: true atau answer: false
diag-true-false-no-feedback = pertanyaan benar/salah `{ $id }` tidak punya feedback_{ $which }: jelaskan mengapa menjawab { $which ->
    [true] benar
   *[other] salah
} itu tepat atau keliru
diag-too-few-choices = pertanyaan pilihan membutuhkan minimal dua pilihan
diag-choice-no-feedback-right = pilihan `{ $id }` tidak punya umpan balik: beri tahu peserta mengapa pilihan ini benar
diag-choice-no-feedback-wrong = pilihan `{ $id }` tidak punya umpan balik: beri tahu peserta mengapa pilihan ini salah

## Temukan kebocoran, urutan, pasangan
diag-spot-too-few-segments = pertanyaan temukan-kebocoran `{ $id }` membutuhkan minimal dua segmen, agar ada yang dibedakan
diag-spot-nothing-marked = pertanyaan temukan-kebocoran `{ $id }` tidak punya segmen bertanda; beri segmen yang bocor mark: Leak atau mark: PersonalData
diag-spot-all-marked = setiap segmen pertanyaan temukan-kebocoran `{ $id }` bertanda, sehingga menandai semuanya mendapat nilai penuh; tambahkan segmen yang aman
diag-spot-marked-no-feedback = segmen `{ $id }` bertanda tetapi tidak punya umpan balik: beri tahu peserta apa yang dibocorkannya dan apa yang sebaiknya dilakukan
diag-ordering-too-few-steps = pertanyaan urutan `{ $id }` membutuhkan minimal dua langkah
diag-matching-too-few-categories = pertanyaan pasangan `{ $id }` membutuhkan minimal dua kategori
diag-matching-too-few-items = pertanyaan pasangan `{ $id }` membutuhkan minimal dua butir
diag-matching-unknown-category = butir `{ $id }` masuk kategori `{ $category }`, yang tidak ada di pertanyaan ini (yang ada: { $known })

## Skenario
diag-scenario-start-missing = skenario `{ $id }` dimulai di langkah `{ $start }`, yang tidak ada{ $hint }
diag-scenario-no-ending = skenario `{ $id }` tidak punya akhir; tambahkan minimal satu langkah Ending(...)
diag-scenario-back-undoes-penalty = skenario `{ $id }` membolehkan peserta mundur dan punya pilihan yang mengurangi poin: mundur membatalkan penaltinya; matikan allow_back atau gunakan penilaian Static
diag-node-dead-end = langkah `{ $id }` buntu: sebuah Step membutuhkan pilihan; jadikan Ending jika cerita berhenti di sini
diag-choice-target-missing = pilihan `{ $id }` menuju langkah `{ $to }`, yang tidak ada{ $hint }
diag-scenario-choice-no-feedback = pilihan `{ $id }` tidak punya umpan balik: beri tahu peserta ke mana pilihan ini membawa dan mengapa
diag-choice-points-ignored = pilihan `{ $id }` punya poin, tetapi skenario memakai penilaian Static (nilai dari akhir), jadi poinnya diabaikan
diag-ending-score-ignored = akhir `{ $id }` punya nilai, tetapi skenario memakai penilaian Dynamic (jumlah poin pilihan), jadi nilainya diabaikan
diag-node-unreachable = langkah `{ $node }` dalam skenario `{ $id }` tidak dapat dicapai dari langkah awal `{ $start }`
diag-node-no-way-out = dari langkah `{ $node }` tidak ada akhir yang dapat dicapai: peserta yang sampai di sini berputar tanpa henti; beri salah satu jalurnya jalan menuju Ending
diag-scenario-too-many-paths = skenario `{ $id }` punya terlalu banyak jalur untuk menghitung nilai terbaiknya; pecah menjadi skenario yang lebih kecil
diag-scenario-no-score-static = skenario `{ $id }` tidak dapat menghasilkan nilai, jadi tidak dapat dinilai; beri akhir terbaik sebuah nilai: Ending(..., score: 10)
diag-scenario-no-score-dynamic = skenario `{ $id }` tidak dapat menghasilkan nilai, jadi tidak dapat dinilai; beri pilihan yang baik poin: Choice(..., points: 1)
diag-choice-points-on-loop = pilihan `{ $id }` memberi poin dan berada dalam putaran; nilai dibatasi pada jalur terbaik tanpa pengulangan, jadi berputar tidak menambah apa pun

## jaga new course
new-course-exists = { $dir } sudah berisi { $count } berkas kursus ini; tidak ada yang ditulis. Pilih folder kosong, atau tambahkan --force untuk menggantinya:{ $files }
new-course-cannot-create = folder { $dir } tidak dapat dibuat: { $reason }
new-course-written = { $modules } berkas modul dan { $images } gambar ditulis ke { $dir }. Periksa dengan `jaga validate --content { $dir }`, atau sunting dengan `jaga --author --content { $dir }`.

## Jendela penulis: buka masalah di editor
author-open-in-editor = Buka tempat ini di editor Anda (klik atau tekan Enter)
author-editor-heading = Buka di editor
author-editor-help = Mengeklik sebuah masalah membuka berkasnya pada baris itu di editor Anda. Tuliskan perintahnya, dengan { "{file}" }, { "{line}" } dan { "{col}" } di tempatnya, seperti code -g { "{file}" }:{ "{line}" }:{ "{col}" }. Jika dikosongkan, Jaga memakai $VISUAL atau $EDITOR (dengan +baris untuk vi, vim, nano atau emacs), jika tidak ada, pembuka bawaan sistem, yang membuka berkas tanpa menuju barisnya.
author-editor-command = Perintah editor
author-editor-save = Simpan perintah editor
author-editor-saved = Tersimpan. Masalah kini dibuka dengan perintah ini.
editor-empty = perintah editor kosong
editor-unclosed-quote = perintah editor punya tanda kutip yang tidak ditutup: { $template }
editor-cannot-start = editor tidak dapat dijalankan ({ $program }): { $reason }. Periksa perintah "Buka di editor" di atas.
editor-no-such-program = tidak ada program dengan nama itu di komputer ini

# The course's own checks: glossary, giveaways, the course file.

# Jaga — pemeriksaan konten untuk penulis, dalam bahasa Indonesia (`jaga validate`, mode penulis).
# Setiap kunci di sini juga harus ada di en/content.ftl (diuji).

lint-giveaway-longest = pada { $count } dari { $total } soal pilihan, jawaban yang benar adalah pilihan terpanjang dengan selisih yang jelas pada teks `{ $lang }` ({ $questions }), sehingga peserta dapat memilihnya tanpa membaca; tulis ulang pilihan yang salah sebagai tindakan yang masuk akal dan setengah benar, dengan panjang yang serupa
lint-giveaway-count = pertanyaan menyebutkan berapa jawaban yang benar ("{ $word }"), sehingga peserta berhenti menimbang setiap pilihan setelah menemukan sejumlah itu; minta semua jawaban yang benar tanpa menyebut jumlahnya
lint-glossary-term = `{ $found }` bukan istilah baku kursus untuk `{ $lang }`: tulis `{ $preferred }` (lihat { $glossary })

glossary-bad-language = `{ $code }` bukan kode bahasa; gunakan kode seperti "id", "en", atau "pt-BR"
glossary-empty-term = istilah tidak boleh kosong
glossary-nothing-deprecated = `{ $preferred }` tidak mencantumkan bentuk yang dihindari; tambahkan bentuk yang tidak boleh ditulis penulis
glossary-preferred-and-deprecated = `{ $term }` tercantum sebagai bentuk baku sekaligus bentuk yang dihindari; hapus dari deprecated
glossary-deprecated-twice = `{ $term }` dihindari dua kali untuk `{ $lang }`; cantumkan di satu istilah saja

course-no-languages = nyatakan sedikitnya satu bahasa, misalnya languages: ["id", "en"]
course-bad-language = `{ $code }` bukan kode bahasa, atau dinyatakan dua kali; gunakan kode seperti "id" dan "en", masing-masing sekali
course-missing-translation = teks ini belum memiliki terjemahan `{ $lang }` (berkas kursus menyatakan bahasa itu)
course-empty-text = teks `{ $lang }` kosong
course-undeclared-language = `{ $lang }` bukan salah satu bahasa berkas kursus; tambahkan ke languages atau hapus teks ini
course-no-tracks = berkas kursus tidak memiliki jalur; tambahkan sedikitnya satu Track(...) atau hapus berkasnya
course-track-id = id jalur `{ $id }` harus berupa slug: huruf kecil, angka, dan tanda hubung tunggal, seperti `inti`
course-track-twice = id jalur `{ $id }` dipakai dua kali; setiap jalur memerlukan id sendiri
course-pass-mark-range = nilai lulus minimum { $mark } berada di luar 0–100
course-track-empty = jalur `{ $id }` tidak memiliki modul; cantumkan id modul-modulnya
course-unknown-module = tidak ada modul `{ $id }` dalam kursus
course-unknown-module-near = tidak ada modul `{ $id }` dalam kursus; maksud Anda `{ $near }`?
course-module-twice = modul `{ $id }` tercantum dua kali dalam jalur ini
course-pass-mark-below = modul `{ $id }` lulus pada { $mark }%, di bawah minimum jalur ini { $min }%; naikkan pass_mark-nya
course-module-in-no-track = modul `{ $id }` tidak berada di jalur mana pun; peserta hanya melihatnya di antara modul pilihan
course-key-twice = `{ $key }` ditulis dua kali dalam teks ini; hanya yang terakhir dipakai — pertahankan satu

track-everything = Semua modul
