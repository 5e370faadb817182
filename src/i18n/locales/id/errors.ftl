# Jaga — galat dan masalah berkas dalam bahasa Indonesia, seperti yang ditampilkan jendela.
# Setiap kunci di sini harus ada juga di en/errors.ftl (diuji).

io-not-found = berkas atau folder itu tidak ada
io-permission-denied = Anda tidak diizinkan memakainya (izin ditolak)
io-already-exists = sudah ada
io-disk-full = disk penuh
io-read-only = disk atau folder hanya dapat dibaca
io-is-a-folder = itu folder, bukan berkas
io-not-a-folder = sebagian jalurnya bukan folder
io-bad-name = namanya bukan nama berkas yang sah
io-not-a-file = itu bukan berkas biasa (tautan, perangkat, atau pipa), jadi dibiarkan apa adanya
io-too-large = berkasnya terlalu besar
io-busy = disk tidak menjawab tepat waktu
io-other = sistem melaporkan: { $detail }

error-store-in-use = Data Jaga sedang dipakai jendela atau program Jaga lain. Tutup dulu, lalu coba lagi. ({ $path })
error-store-newer = Data ini ditulis oleh Jaga versi yang lebih baru (format { $found }; versi ini membaca sampai { $supported }). Perbarui Jaga.
error-store-folder = Jaga tidak dapat memakai folder datanya: { $reason }. ({ $path })
error-store-not-a-file = Penyimpanan hasil { $path } bukan berkas (ada folder atau perangkat di sana). Pindahkan, atau pakai folder data lain.
error-store-read-only = Folder data { $path } hanya-baca: Jaga tidak dapat menyimpan atau mengubah hasil di sana. Jadikan dapat ditulis, atau pakai folder data lain.
cli-store-moved-aside = penyimpanan hasil rusak dan telah disisihkan ({ $note }); hasil yang tersimpan sebelumnya ada di berkas itu, bukan di penyimpanan ini. Jalankan `jaga check --acknowledge` setelah Anda menanganinya
cli-store-acknowledged = penyimpanan yang disisihkan sudah dikonfirmasi; perintah tidak lagi melaporkannya
cli-store-nothing-to-acknowledge = tidak ada penyimpanan tersisih yang menunggu konfirmasi
error-store-invalid = Jaga tidak menyimpan ini karena isinya tidak konsisten ({ $detail }).
error-store-no-learner = Profil ini sudah tidak ada.
error-store-already-recorded = Percobaan ini sudah tercatat (jendela Jaga lain menyelesaikannya lebih dulu).
error-store-corrupt = Sebagian data tersimpan Jaga tidak dapat dibaca ({ $detail }).
error-store-database = Basis data melaporkan masalah ({ $detail }).
error-field-required = { $field } wajib diisi.
error-field-too-long = { $field } paling banyak { $max } karakter.
error-field-control = { $field } berisi karakter yang tidak dapat disimpan.
error-passphrase-short = Frasa sandi minimal { $min } karakter.
error-pin-short = PIN minimal { $min } karakter.
field-department-name = Departemen

error-write-file = Berkas tidak dapat ditulis: { $reason }. ({ $path })

error-file-exists = { $path } sudah ada; tidak ada yang ditulis.
error-export-bad-name = Nama berkas laporan tidak boleh berisi garis miring terbalik atau baris baru, agar checksum-nya dapat diperiksa. ({ $path })
error-export-no-folder = Folder tempat menyimpan laporan tidak ada. ({ $path })
error-export-write = Laporan tidak dapat ditulis: { $reason }. ({ $path })
error-export-format = Laporan tidak dapat dibuat ({ $detail }).
error-export-too-many-rows = { $rows } baris tidak muat dalam satu lembar Excel (paling banyak { $max }). Ekspor sebagai CSV atau JSON, atau persempit filternya.
error-export-date-range = Tanggal { $value } tidak dapat ditulis di Excel (hanya tahun 1900–9999).
error-export-stopped = Ekspor laporan dihentikan sebelum selesai; tidak ada berkas yang ditulis.

error-bundle-read = Bundel tidak dapat dibaca: { $reason }. ({ $path })
error-bundle-write = Bundel tidak dapat ditulis: { $reason }. ({ $path })
error-bundle-stopped = Pembuatan bundel dihentikan sebelum selesai; tidak ada berkas yang ditulis.
error-bundle-too-large = Berkas ini lebih besar dari { $mib } MiB, jauh melebihi bundel mana pun, jadi bukan bundel.
error-bundle-truncated = Berkas ini berakhir terlalu cepat (baris { $line }, kolom { $column }): mungkin terpotong saat disalin. Minta hasilnya dibundel ulang.
error-bundle-ends-early = Berkas ini berakhir terlalu cepat, setelah { $records } catatan: mungkin terpotong saat disalin. Minta hasilnya dibundel ulang.
error-bundle-line-too-long = Baris { $line } berkas ini lebih panjang dari { $mib } MiB, jauh melebihi catatan mana pun, jadi berkas ini bukan bundel.
error-bundle-json = Berkas ini bukan bundel yang dapat dibaca ({ $detail }).
error-bundle-not-a-bundle = Berkas ini bukan bundel hasil Jaga ({ $detail }).
error-bundle-version = Bundel versi { $found } tidak dapat dibaca: Jaga ini membaca versi { $oldest } sampai { $newest }. Perbarui Jaga untuk mengimpornya.
error-bundle-checksum = Bundel ini diubah atau rusak setelah ditulis (checksum-nya tidak cocok). Minta bundel yang baru.
error-bundle-invalid = Isi bundel tidak konsisten ({ $detail }).

error-cert-no-employee = Tidak ada peserta dengan ID karyawan { $id }.
error-cert-no-module = Kursus tidak memiliki modul "{ $id }".
error-cert-not-passed = { $employee } belum lulus "{ $module }", jadi belum ada sertifikat yang dapat diterbitkan.
error-cert-characters = Fon sertifikat tidak dapat menampilkan { $chars } pada { $field }. Perbaiki di profil atau modulnya.
cert-field-name = nama
cert-field-employee-id = ID karyawan
cert-field-module-title = judul modul
error-cert-pdf = PDF tidak dapat dibuat ({ $detail }).
error-cert-write = Sertifikat tidak dapat ditulis: { $reason }. ({ $path })

error-xapi-address = Alamat harus diawali https:// atau http://, bukan "{ $value }".

error-content-not-found = Folder kursus tidak ada. ({ $path })
error-content-unreadable = Kursus tidak dapat dibaca: { $reason }. ({ $path })

error-watch-folder-gone = Folder konten dihapus atau dipindahkan; buka lagi agar perubahannya terus dipantau. ({ $path })
error-watch-limit = Batas sistem untuk folder yang dipantau sudah tercapai, jadi perubahan di sebagian folder tidak terlihat. Naikkan batasnya (di Linux: sysctl fs.inotify.max_user_watches) atau buka folder yang lebih kecil.
error-watch-failed = Folder konten tidak dapat dipantau ({ $detail }). ({ $path })

error-engine-content-changed = Modul ini berubah saat Anda mengerjakannya. Mulai kuisnya lagi.
error-engine-nothing-chosen = Pilih minimal satu jawaban.
error-engine-incomplete = Tempatkan setiap langkah, atau beri setiap butir kategori, sebelum mengirim jawaban.
error-engine-one-choice = Pertanyaan ini hanya menerima satu jawaban.
error-engine-finished = Kuis ini sudah selesai.
error-engine-unanswered = { $count } pertanyaan belum dijawab.
error-engine-cannot-go-back = Skenario ini tidak mengizinkan mundur di langkah ini.
error-engine-stale = Jawaban itu sudah tidak cocok dengan pertanyaan ini. Buka kuisnya lagi dan coba lagi.

error-lrs-not-configured = Pengiriman ke LRS belum diatur: belum ada alamat LRS.
error-lrs-off = Pengiriman ke LRS dimatikan.
error-lrs-no-credentials = Kunci dan rahasia LRS belum tersimpan. Isi keduanya untuk mengatur pengiriman.
error-lrs-bad-endpoint = "{ $value }" tidak dapat menjadi alamat LRS ({ $detail }).
error-lrs-insecure = "{ $value }" tidak dapat menjadi alamat LRS: kunci dan rahasianya akan melintasi jaringan tanpa enkripsi. Gunakan https:// (http:// hanya untuk LRS di komputer ini).
error-lrs-bad-credentials = Kunci dan rahasia LRS tidak dapat dipakai ({ $detail }).
error-lrs-credentials-file = Berkas kredensial LRS tidak dapat dipakai: { $reason }. ({ $path })
error-lrs-credentials-exposed = Pengguna lain di komputer ini dapat membaca berkas kredensial LRS (mode { $mode }). Batasi hanya untuk pemiliknya, atau atur LRS lagi. ({ $path })
error-lrs-credentials-corrupt = Berkas kredensial LRS rusak. Atur LRS lagi. ({ $path })
error-lrs-network = LRS di { $endpoint } tidak dapat dihubungi ({ $detail }).
error-lrs-unavailable = LRS di { $endpoint } sedang tidak tersedia (HTTP { $status }: { $detail }).
error-lrs-not-an-lrs = { $endpoint } tidak menjawab sebagai LRS ({ $detail }).
error-lrs-refused = LRS di { $endpoint } menolak kunci dan rahasianya (HTTP { $status }). Periksa kunci dan rahasia yang diberikan LRS untuk Jaga.
error-lrs-not-found = Tidak ada layanan pernyataan xAPI di { $url } (HTTP { $status }). Alamat LRS adalah bagian sebelum "/statements", misalnya https://lrs.example.org/xapi.
error-lrs-redirected = { $url } mengalihkan (HTTP { $status }) ke { $location }. Isi alamat tujuan pengalihan itu.
error-lrs-rejected = LRS di { $endpoint } menolak pernyataannya (HTTP { $status }: { $detail }).
error-thread = Jaga tidak dapat memulai tugas latar belakang: { $reason }.

error-not-ready = Jaga masih bersiap; coba lagi sebentar lagi.
damage-not-sqlite = berkas itu bukan basis data
damage-not-jaga = berkas itu basis data, tetapi bukan milik Jaga
damage-unreadable = berkas itu rusak ({ $detail })
damage-truncated = berkas itu lebih pendek daripada yang tertulis di kepalanya: terpotong saat disalin atau ditulis
field-organisation = Organisasi
field-signatory = Nama penanda tangan
field-signatory-title = Jabatan penanda tangan
error-pin-required = Manajer mewajibkan PIN untuk setiap profil di komputer ini.
error-not-signed-in = Profil itu belum dibuka. Buka lagi dari daftar profil.

# The manager passphrase at the command line.
cli-passphrase-prompt = Frasa sandi pengelola:{" "}
cli-passphrase-needed = perintah ini memerlukan frasa sandi pengelola, dan tidak ada terminal untuk menanyakannya: berikan dengan --passphrase-file BERKAS atau variabel lingkungan JAGA_MANAGER_PASSPHRASE; tidak ada yang dilakukan
cli-passphrase-wrong = frasa sandi pengelola salah; tidak ada yang dilakukan. Percobaan berikutnya dapat dilakukan setelah { $retry_at }
cli-passphrase-wait = terlalu cepat setelah frasa sandi pengelola yang salah; tidak ada yang diperiksa atau dilakukan. Coba lagi setelah { $retry_at }
cli-passphrase-file = berkas frasa sandi { $path } tidak dapat dibaca: { $reason }; tidak ada yang dilakukan
cli-passphrase-not-text = frasa sandi pengelola yang diberikan bukan teks UTF-8; tidak ada yang dilakukan
