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
